// Calls made while a batch is in flight go together in the next one, each gets its own result, a bad arg fails only
// its own call, and scopes (databases) never share a batch.
import { describe, expect, test } from "vitest";
import { batchedCalls } from "./batched-calls";

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

describe("batchedCalls", () => {
  test("a lone call runs at once; the calls made meanwhile run as one batch, each with its own result", async () => {
    const batches: number[][] = [];
    const gate = deferred<void>();
    const call = batchedCalls(async (_db: object, args: readonly number[]) => {
      batches.push([...args]);
      if (batches.length === 1) await gate.promise;
      return args.map((a) => a * 10);
    });
    const db = {};
    const first = call(db, 1);
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((a) => call(db, a));
    gate.resolve();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  test("at most maxBatch args per batch", async () => {
    const sizes: number[] = [];
    const call = batchedCalls(async (_db: object, args: readonly number[]) => (sizes.push(args.length), args), 3);
    const db = {};
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((a) => call(db, a)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sizes).toEqual([1, 3, 3, 1]);
  });

  test("a failed batch is retried one arg at a time: only the bad arg's call fails", async () => {
    const call = batchedCalls(async (_db: object, args: readonly number[]) => {
      if (args.includes(3)) throw new Error("bad arg 3");
      return args.map((a) => -a);
    });
    const db = {};
    const settled = await Promise.allSettled([1, 2, 3, 4].map((a) => call(db, a)));
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message))).toEqual([-1, -2, "bad arg 3", -4]);
    expect(await call(db, 5)).toBe(-5);
  });

  test("calls on different scopes never share a batch", async () => {
    const batches: [string, number[]][] = [];
    const call = batchedCalls(async (db: { name: string }, args: readonly number[]) => (batches.push([db.name, [...args]]), args));
    const a = { name: "a" };
    const b = { name: "b" };
    await Promise.all([call(a, 1), call(b, 2), call(a, 3), call(b, 4), call(a, 5)]);
    expect(batches).toEqual([
      ["a", [1]],
      ["b", [2]],
      ["a", [3, 5]],
      ["b", [4]],
    ]);
  });
});
