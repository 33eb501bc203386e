import { describe, expect, it, vi } from "vitest";
import { reachablePostgres } from "./global-setup.ts";

// Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
const UNREACHABLE = "postgres://postgres@127.0.0.1:9/test";

describe("test/global-setup PostgreSQL probe", () => {
  it("fails a CI run without TEST_DATABASE_URL", async () => {
    await expect(reachablePostgres({ CI: "true" })).rejects.toThrow(/CI needs TEST_DATABASE_URL/);
  });

  it("fails a CI run whose PostgreSQL is unreachable", async () => {
    await expect(reachablePostgres({ CI: "true", TEST_DATABASE_URL: UNREACHABLE })).rejects.toThrow(
      /unreachable/,
    );
  });

  it("warns and leaves PostgreSQL out of a local run whose PostgreSQL is unreachable", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});

    const url = await reachablePostgres({ TEST_DATABASE_URL: UNREACHABLE });

    expect(url).toBe("");
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("SKIPPING the PostgreSQL backend"));
    warn.mockRestore();
  });
});
