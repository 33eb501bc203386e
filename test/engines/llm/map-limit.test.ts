import { describe, expect, it } from "vitest";
import { mapLimit } from "../../../src/engines/llm/map-limit.ts";

/** A promise the test resolves or rejects by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("engines/llm/mapLimit", () => {
  it("returns the results in input order whatever order they finish in", async () => {
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];

    const all = mapLimit([0, 1, 2], 3, (n) => gates[n].promise);
    gates[2].resolve("c");
    gates[0].resolve("a");
    gates[1].resolve("b");

    expect(await all).toEqual(["a", "b", "c"]);
  });

  it("keeps at most `limit` calls in flight", async () => {
    const gates = Array.from({ length: 5 }, () => deferred<number>());
    const started: number[] = [];

    const all = mapLimit([0, 1, 2, 3, 4], 2, (n, index) => {
      started.push(index);
      return gates[n].promise;
    });
    await tick();
    expect(started).toEqual([0, 1]);

    gates[1].resolve(1);
    await tick();
    expect(started).toEqual([0, 1, 2]);

    for (const [n, gate] of gates.entries()) gate.resolve(n);
    expect(await all).toEqual([0, 1, 2, 3, 4]);
  });

  it("starts nothing new after a rejection and rejects once the calls in flight settle", async () => {
    const gates = Array.from({ length: 4 }, () => deferred<number>());
    const started: number[] = [];
    let settled = false;

    const all = mapLimit([0, 1, 2, 3], 2, (n) => {
      started.push(n);
      return gates[n].promise;
    }).finally(() => {
      settled = true;
    });
    gates[0].reject(new Error("boom"));
    await tick();
    expect(settled).toBe(false);

    gates[1].resolve(1);
    await expect(all).rejects.toThrow("boom");
    expect(started).toEqual([0, 1]);
  });

  it("maps an empty list to an empty list", async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });

  it("rejects a limit below 1", async () => {
    await expect(mapLimit([1], 0, async (n) => n)).rejects.toThrow(RangeError);
  });
});
