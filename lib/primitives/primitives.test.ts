// The shared primitives keep the exact outputs their former private copies produced (demo data, sampling
// decisions, assignment buckets and fingerprints all depend on them).
import { describe, expect, it } from "vitest";
import { fnv1a32 } from "./fnv1a";
import { createRandom, rng } from "./random";

describe("fnv1a32", () => {
  it("gives the published 32-bit test vectors", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("hello")).toBe(0x4f9f2cab);
  });

  it("folds ASCII case only when asked, and only ASCII", () => {
    expect(fnv1a32("ABCdef", { foldAsciiCase: true })).toBe(fnv1a32("abcdef"));
    expect(fnv1a32("ABCdef")).not.toBe(fnv1a32("abcdef"));
    expect(fnv1a32("É", { foldAsciiCase: true })).toBe(fnv1a32("É"));
    expect(fnv1a32("É", { foldAsciiCase: true })).not.toBe(fnv1a32("é"));
  });

  it("takes another offset basis as seed", () => {
    expect(fnv1a32("x", { seed: 0x9747b28c })).not.toBe(fnv1a32("x"));
    expect(fnv1a32("x", { seed: 0x811c9dc5 })).toBe(fnv1a32("x"));
  });
});

describe("seeded random", () => {
  it("createRandom draws the same stream as rng, as the demo generator's former copy did", () => {
    const r = createRandom(42);
    expect([r.next(), r.next(), r.int(1, 100), r.poisson(3)]).toEqual([0.6011037519201636, 0.44829055899754167, 86, 3]);
    const a = rng(7);
    const b = createRandom(7);
    for (let i = 0; i < 100; i++) expect(b.next()).toBe(a());
  });
});
