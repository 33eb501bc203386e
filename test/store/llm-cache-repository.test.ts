import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CachedChunk, ModelFinding } from "../../src/engines/llm/llm-types.ts";
import type { Queryable } from "../../src/store/db.ts";
import { deleteExpiredRows } from "../../src/store/delete-expired-rows.ts";
import { createLlmCache } from "../../src/store/llm-cache-repository.ts";
import { purgeInstallation, purgeRepository } from "../../src/store/purge-repository.ts";
import { openTestDb, type TestDatabase, testBackends } from "../helpers/test-db.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

const finding = (line: number, title: string): ModelFinding => ({
  path: "src/a.ts",
  line,
  start_line: null,
  side: "RIGHT",
  severity: "warning",
  category: "bug",
  title,
  body: "Because `x` may be undefined.",
  suggestion: null,
});
const answer = (title: string, tokensIn = 1_200, tokensOut = 80): CachedChunk => ({
  findings: [finding(3, title)],
  tokensIn,
  tokensOut,
});

describe.each(testBackends())("store/llm-cache-repository on %s", (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDb(backend);
  });
  afterAll(() => test.cleanup());
  beforeEach(async () => {
    await test.db.query("TRUNCATE llm_cache");
  });

  const scope = { installationId: 1, repoId: 10 };
  const usedAt = async (key: string) =>
    (
      await test.db.query<{ used_at: Date }>("SELECT used_at FROM llm_cache WHERE cache_key = $1", [
        key,
      ])
    ).rows[0]?.used_at;
  const age = async (key: string, days: number) =>
    test.db.query(
      "UPDATE llm_cache SET used_at = now() - make_interval(days => $2) WHERE cache_key = $1",
      [key, days],
    );

  it("returns what was put, findings and tokens, for the keys it has", async () => {
    const cache = createLlmCache(test.db, scope);
    await cache.put("k1", answer("First"));
    await cache.put("k2", { findings: [], tokensIn: 900, tokensOut: 12 });

    const hits = await cache.get(["k1", "k2", "missing"]);

    expect(Object.fromEntries(hits)).toEqual({
      k1: answer("First"),
      k2: { findings: [], tokensIn: 900, tokensOut: 12 },
    });
  });

  it("asks the database once for all the keys of a pass, and not at all for none", async () => {
    let queries = 0;
    const counting: Queryable = {
      query: (sql, params) => {
        queries++;
        return test.db.query(sql, params);
      },
      exec: (sql) => test.db.exec(sql),
    };
    const cache = createLlmCache(counting, scope);
    await cache.put("k1", answer("First"));
    queries = 0;

    const none = await cache.get([]);
    const some = await cache.get(["k1", "k2", "k3"]);

    expect(none.size).toBe(0);
    expect([...some.keys()]).toEqual(["k1"]);
    expect(queries).toBe(1);
  });

  it("replaces an entry put again under the same key", async () => {
    const cache = createLlmCache(test.db, scope);
    await cache.put("k1", answer("Old"));

    await cache.put("k1", answer("New", 50, 5));

    expect((await cache.get(["k1"])).get("k1")).toEqual(answer("New", 50, 5));
  });

  it("never answers from another repository's entries", async () => {
    await createLlmCache(test.db, scope).put("k1", answer("Theirs"));

    const other = await createLlmCache(test.db, { installationId: 1, repoId: 11 }).get(["k1"]);

    expect(other.size).toBe(0);
  });

  it("marks a hit as used, so retention keeps an entry passes still use", async () => {
    const cache = createLlmCache(test.db, scope);
    await cache.put("hit", answer("Hit"));
    await cache.put("unused", answer("Unused"));
    await age("hit", 30);
    await age("unused", 30);

    await cache.get(["hit"]);
    const deleted = await deleteExpiredRows(test.db, new Date(Date.now() - 14 * DAY_MS));

    expect(deleted.llmCache).toBe(1);
    expect(await usedAt("unused")).toBeUndefined();
    expect((await cache.get(["hit"])).has("hit")).toBe(true);
  });

  it("is gone once its repository is purged, and other repositories' entries stay", async () => {
    await createLlmCache(test.db, scope).put("k1", answer("Mine"));
    await createLlmCache(test.db, { installationId: 1, repoId: 11 }).put("k1", answer("Other"));

    const counts = await purgeRepository(test.db, 1, 10);

    expect(counts.llm_cache).toBe(1);
    expect((await createLlmCache(test.db, scope).get(["k1"])).size).toBe(0);
    expect(
      (await createLlmCache(test.db, { installationId: 1, repoId: 11 }).get(["k1"])).size,
    ).toBe(1);
  });

  it("is gone once its installation is purged", async () => {
    await createLlmCache(test.db, scope).put("k1", answer("Mine"));
    await createLlmCache(test.db, { installationId: 1, repoId: 11 }).put("k2", answer("Mine too"));
    await createLlmCache(test.db, { installationId: 2, repoId: 20 }).put("k3", answer("Other"));

    const counts = await purgeInstallation(test.db, 1);

    expect(counts.llm_cache).toBe(2);
    const { rows } = await test.db.query<{ cache_key: string }>("SELECT cache_key FROM llm_cache");
    expect(rows.map((row) => row.cache_key)).toEqual(["k3"]);
  });
});
