import type { CachedChunk, LlmCache, ModelFinding } from "../engines/llm/llm-types.ts";
import type { Queryable } from "./db.ts";

/** The repository an {@link LlmCache} reads and writes: entries never cross repositories. */
export interface LlmCacheScope {
  installationId: number;
  repoId: number;
}

interface Row {
  cache_key: string;
  findings: unknown;
  tokens_in: number;
  tokens_out: number;
}

// One statement reads the hits and touches them, so retention keeps what passes still use. A hit
// touched within the last day is not written again: retention counts in days, and a busy pull
// request would otherwise rewrite the same rows on every push.
const GET = `WITH hits AS (
    SELECT cache_key, findings, tokens_in, tokens_out FROM llm_cache
    WHERE repo_id = $2 AND installation_id = $1 AND cache_key = ANY($3::text[])
  ), touched AS (
    UPDATE llm_cache SET used_at = now()
    WHERE repo_id = $2 AND installation_id = $1 AND cache_key = ANY($3::text[])
      AND used_at < now() - interval '1 day'
  )
  SELECT cache_key, findings, tokens_in, tokens_out FROM hits`;

const PUT = `INSERT INTO llm_cache (installation_id, repo_id, cache_key, findings, tokens_in, tokens_out)
  VALUES ($1, $2, $3, $4::jsonb, $5, $6)
  ON CONFLICT (repo_id, cache_key) DO UPDATE SET
    installation_id = EXCLUDED.installation_id, findings = EXCLUDED.findings,
    tokens_in = EXCLUDED.tokens_in, tokens_out = EXCLUDED.tokens_out,
    created_at = now(), used_at = now()`;

/**
 * The LLM engine's incremental cache for one repository, in `llm_cache` (PGlite or PostgreSQL).
 * `get` is one query for all of a pass's chunk keys and marks the hits as used; `put` stores an
 * answer, replacing an entry of the same key (two passes asking at once both write; either wins).
 */
export function createLlmCache(q: Queryable, scope: LlmCacheScope): LlmCache {
  return {
    async get(keys) {
      const hits = new Map<string, CachedChunk>();
      if (keys.length === 0) return hits;
      const { rows } = await q.query<Row>(GET, [scope.installationId, scope.repoId, [...keys]]);
      for (const row of rows) {
        // Written by `put` only; an entry that is not a list is treated as a miss and replaced.
        if (!Array.isArray(row.findings)) continue;
        hits.set(row.cache_key, {
          findings: row.findings as ModelFinding[],
          tokensIn: Number(row.tokens_in),
          tokensOut: Number(row.tokens_out),
        });
      }
      return hits;
    },
    async put(key, value) {
      await q.query(PUT, [
        scope.installationId,
        scope.repoId,
        key,
        JSON.stringify(value.findings),
        Math.round(value.tokensIn),
        Math.round(value.tokensOut),
      ]);
    },
  };
}
