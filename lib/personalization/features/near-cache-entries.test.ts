// The near cache's bookkeeping: a value read before an invalidation that overtook its reply is not kept, nor one whose
// read straddled a flush (a lost connection); reads that no invalidation touched are kept.
import { describe, expect, test } from "vitest";
import { createNearCacheEntries } from "./near-cache-entries";

const sized = (n: number) => ({ value: { n }, size: 10 });
const entries = () => createNearCacheEntries<{ n: number }>({ maxSize: 1_000, maxAgeMs: 60_000 });

describe("near cache entries", () => {
  test("a read that nothing invalidated is kept; nulls are not", () => {
    const e = entries();
    e.begin(["a", "b"])([sized(1), null]);
    expect(e.lookup(["a", "b"])).toEqual([{ n: 1 }, undefined]);
  });

  test("an invalidation that arrives while the read is in flight keeps its (possibly old) value out", () => {
    const e = entries();
    const keep = e.begin(["a", "b"]);
    e.invalidate(["a"]);
    keep([sized(1), sized(2)]);
    expect(e.lookup(["a", "b"])).toEqual([undefined, { n: 2 }]);
    // The mark ends with the read: a later read of the key is kept again.
    e.begin(["a"])([sized(3)]);
    expect(e.lookup(["a"])).toEqual([{ n: 3 }]);
  });

  test("overlapping reads of a key: the value of the read an invalidation overtook is not kept, the earlier one is dropped", () => {
    const e = entries();
    const first = e.begin(["a"]);
    const second = e.begin(["a"]);
    first([sized(1)]);
    e.invalidate(["a"]);
    second([sized(1)]);
    expect(e.lookup(["a"])).toEqual([undefined]);
  });

  test("a flush empties the cache and discards reads begun before it", () => {
    const e = entries();
    e.begin(["a"])([sized(1)]);
    const keep = e.begin(["b"]);
    e.flush();
    keep([sized(2)]);
    expect(e.lookup(["a", "b"])).toEqual([undefined, undefined]);
    expect(e.size).toBe(0);
  });

  test("an invalidation drops a cached value", () => {
    const e = entries();
    e.begin(["a"])([sized(1)]);
    e.invalidate(["a"]);
    expect(e.lookup(["a"])).toEqual([undefined]);
  });
});
