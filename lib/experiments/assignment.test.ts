import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { fnv1a32 } from "@/lib/primitives/fnv1a";
import {
  assignVariant,
  chooseVariation,
  getBucketRanges,
  hashBucket,
  inNamespace,
  type BucketRange,
  type Namespace,
} from "./assignment";

/*
 * Cross-SDK cases are GrowthBook's published cases.json ("hash",
 * "getBucketRange", "chooseVariation", "inNamespace" sections). Every value was
 * also re-derived with an independent Python FNV-1a:
 *
 *   def fnv(s):
 *       h = 0x811c9dc5
 *       b = s.encode("utf-16-le")            # JS charCodeAt = UTF-16 code units
 *       for i in range(0, len(b), 2):
 *           h ^= b[i] | (b[i + 1] << 8); h = (h * 0x01000193) & 0xffffffff
 *       return h
 *   def hv(seed, value, v):
 *       if v == 2: return (fnv(str(fnv(seed + value))) % 10000) / 10000
 *       return (fnv(value + seed) % 1000) / 1000
 */
const HASH_CASES: Array<[seed: string, value: string, version: number, expected: number | null]> = [
  ["", "a", 1, 0.22],
  ["", "b", 1, 0.077],
  ["b", "a", 1, 0.946],
  ["ef", "d", 1, 0.652],
  ["asdf", "8952klfjas09ujk", 1, 0.549],
  ["", "123", 1, 0.011],
  ["", '___)((*":&', 1, 0.563],
  ["seed", "a", 2, 0.0505],
  ["seed", "b", 2, 0.2696],
  ["foo", "ab", 2, 0.2575],
  ["foo", "def", 2, 0.2019],
  ["89123klj", "8952klfjas09ujkasdf", 2, 0.124],
  ["90850943850283058242805", "123", 2, 0.7516],
  ["()**(%$##$%#$#", '___)((*":&', 2, 0.0128],
  ["abc", "def", 99, null],
  // Not in cases.json; Python values above (hv(...)).
  ["exp-checkout", "user-42", 2, 0.763],
  ["café", "ñandú", 2, 0.1412],
  ["emoji", "😀", 2, 0.2438],
];

const BUCKET_RANGE_CASES: Array<[string, [number, number, number[] | null], Array<[number, number]>]> = [
  ["normal 50/50", [2, 1, null], [[0, 0.5], [0.5, 1]]],
  ["reduced coverage", [2, 0.5, null], [[0, 0.25], [0.5, 0.75]]],
  ["zero coverage", [2, 0, null], [[0, 0], [0.5, 0.5]]],
  ["4 variations", [4, 1, null], [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
  ["uneven weights", [2, 1, [0.4, 0.6]], [[0, 0.4], [0.4, 1]]],
  ["uneven weights, 3 variations", [3, 1, [0.2, 0.3, 0.5]], [[0, 0.2], [0.2, 0.5], [0.5, 1]]],
  ["uneven weights, reduced coverage, 3 variations", [3, 0.2, [0.2, 0.3, 0.5]], [[0, 0.04], [0.2, 0.26], [0.5, 0.6]]],
  ["negative coverage", [2, -0.2, null], [[0, 0], [0.5, 0.5]]],
  ["coverage above 1", [2, 1.5, null], [[0, 0.5], [0.5, 1]]],
  ["weights sum below 1", [2, 1, [0.4, 0.1]], [[0, 0.5], [0.5, 1]]],
  ["weights sum above 1", [2, 1, [0.7, 0.6]], [[0, 0.5], [0.5, 1]]],
  ["weights.length not equal to num variations", [4, 1, [0.4, 0.4, 0.2]], [[0, 0.25], [0.25, 0.5], [0.5, 0.75], [0.75, 1]]],
  ["weights sum almost equals 1", [2, 1, [0.4, 0.5999]], [[0, 0.4], [0.4, 0.9999]]],
];

const CHOOSE_VARIATION_CASES: Array<[string, number, BucketRange[], number]> = [
  ["even range, 0.2", 0.2, [[0, 0.5], [0.5, 1]], 0],
  ["even range, 0.4", 0.4, [[0, 0.5], [0.5, 1]], 0],
  ["even range, 0.6", 0.6, [[0, 0.5], [0.5, 1]], 1],
  ["even range, 0.8", 0.8, [[0, 0.5], [0.5, 1]], 1],
  ["even range, 0", 0, [[0, 0.5], [0.5, 1]], 0],
  ["even range, 0.5", 0.5, [[0, 0.5], [0.5, 1]], 1],
  ["reduced range, 0.2", 0.2, [[0, 0.25], [0.5, 0.75]], 0],
  ["reduced range, 0.4", 0.4, [[0, 0.25], [0.5, 0.75]], -1],
  ["reduced range, 0.6", 0.6, [[0, 0.25], [0.5, 0.75]], 1],
  ["reduced range, 0.8", 0.8, [[0, 0.25], [0.5, 0.75]], -1],
  ["reduced range, 0.25", 0.25, [[0, 0.25], [0.5, 0.75]], -1],
  ["reduced range, 0.5", 0.5, [[0, 0.25], [0.5, 0.75]], 1],
  ["zero range", 0.5, [[0, 0.5], [0.5, 0.5], [0.5, 1]], 2],
];

const NAMESPACE_CASES: Array<[string, Namespace, boolean]> = [
  ["1", ["namespace1", 0, 0.4], false],
  ["1", ["namespace1", 0.4, 1], true],
  ["1", ["namespace2", 0, 0.4], false],
  ["1", ["namespace2", 0.4, 1], true],
  ["2", ["namespace1", 0, 0.4], false],
  ["2", ["namespace1", 0.4, 1], true],
  ["2", ["namespace2", 0, 0.4], false],
  ["2", ["namespace2", 0.4, 1], true],
  ["3", ["namespace1", 0, 0.4], false],
  ["3", ["namespace1", 0.4, 1], true],
  ["3", ["namespace2", 0, 0.4], true],
  ["3", ["namespace2", 0.4, 1], false],
  ["4", ["namespace1", 0, 0.4], false],
  ["4", ["namespace1", 0.4, 1], true],
  ["4", ["namespace2", 0, 0.4], true],
  ["4", ["namespace2", 0.4, 1], false],
];

describe("fnv1a32", () => {
  it("matches FNV-1a 32-bit reference values (python fnv() above)", () => {
    expect(fnv1a32("")).toBe(2166136261);
    expect(fnv1a32("a")).toBe(3826002220);
    expect(fnv1a32("foobar")).toBe(3214735720);
    expect(fnv1a32("héllo")).toBe(4058363231);
    expect(fnv1a32("日本")).toBe(1610399396);
  });
});

describe("hashBucket (GrowthBook cases.json)", () => {
  it.each(HASH_CASES)("hash(%j, %j, v%d) = %j", (seed, value, version, expected) => {
    expect(hashBucket(seed, value, version)).toBe(expected);
  });
});

describe("getBucketRanges (GrowthBook cases.json)", () => {
  it.each(BUCKET_RANGE_CASES)("%s", (_name, [num, coverage, weights], expected) => {
    const ranges = getBucketRanges(num, coverage, weights ?? undefined);
    expect(ranges).toHaveLength(expected.length);
    ranges.forEach((r, i) => {
      expect(r[0]).toBeCloseTo(expected[i][0], 10);
      expect(r[1]).toBeCloseTo(expected[i][1], 10);
    });
  });
});

describe("chooseVariation (GrowthBook cases.json)", () => {
  it.each(CHOOSE_VARIATION_CASES)("%s", (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected);
  });
});

describe("inNamespace (GrowthBook cases.json)", () => {
  it.each(NAMESPACE_CASES)("user %s in %j -> %s", (userId, ns, expected) => {
    expect(inNamespace(userId, ns)).toBe(expected);
  });
});

describe("assignVariant", () => {
  it("reproduces GrowthBook feature-rule experiments (hash v1 cases)", () => {
    const exp = { key: "feature", variants: ["a", "b", "c"], hashVersion: 1 as const };
    expect(assignVariant(exp, "123").variantKey).toBe("c");
    expect(assignVariant(exp, "456").variantKey).toBe("a");
    expect(assignVariant(exp, "fds").variantKey).toBe("b");
    const pricing = {
      key: "hello",
      variants: ["on", "off"],
      weights: [0.1, 0.9],
      coverage: 0.99,
      namespace: ["pricing", 0, 1] as const,
      hashVersion: 1 as const,
    };
    expect(assignVariant(pricing, "123")).toEqual({ variantKey: "off", bucket: 0.849, inExperiment: true });
  });

  it("uses hash v2 seeded by the experiment key by default", () => {
    // python: hv("checkout-test", "user-1", 2) == 0.6947, hv(..., "user-2", 2) == 0.472
    const exp = { key: "checkout-test", variants: ["control", "treatment"] };
    expect(assignVariant(exp, "user-1")).toEqual({ variantKey: "treatment", bucket: 0.6947, inExperiment: true });
    expect(assignVariant(exp, "user-2")).toEqual({ variantKey: "control", bucket: 0.472, inExperiment: true });
    // An explicit seed replaces the key.
    expect(assignVariant({ ...exp, key: "renamed", seed: "checkout-test" }, "user-1").bucket).toBe(0.6947);
  });

  it("leaves users outside coverage or namespace unassigned", () => {
    const exp = { key: "checkout-test", variants: ["control", "treatment"], coverage: 0.5 };
    // Ranges are [0, 0.25) and [0.5, 0.75): bucket 0.6947 is covered...
    expect(assignVariant(exp, "user-1").variantKey).toBe("treatment");
    // ...bucket 0.472 falls in the uncovered gap.
    expect(assignVariant(exp, "user-2")).toEqual({ variantKey: null, bucket: 0.472, inExperiment: false });
    // python: hv("__ns1", "user-2", 1) == 0.079, hv("__ns1", "user-3", 1) == 0.918
    const ns = { key: "checkout-test", variants: ["control", "treatment"], namespace: ["ns1", 0, 0.5] as const };
    expect(assignVariant(ns, "user-2").inExperiment).toBe(true);
    expect(assignVariant(ns, "user-3")).toEqual({ variantKey: null, bucket: 0.6567, inExperiment: false });
  });

  it("does not assign empty user ids", () => {
    expect(assignVariant({ key: "k", variants: ["a", "b"] }, "")).toEqual({
      variantKey: null,
      bucket: null,
      inExperiment: false,
    });
  });

  it("is deterministic, in [0, 1), and never assigns with zero coverage", () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (key, userId) => {
        const exp = { key, variants: ["a", "b", "c"] };
        const first = assignVariant(exp, userId);
        expect(assignVariant(exp, userId)).toEqual(first);
        expect(first.bucket).toBeGreaterThanOrEqual(0);
        expect(first.bucket).toBeLessThan(1);
        expect(first.inExperiment).toBe(true);
        expect(assignVariant({ ...exp, coverage: 0 }, userId).inExperiment).toBe(false);
      }),
    );
  });

  it("keeps users in their variant when coverage grows", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (userId, cov) => {
        const exp = { key: "grow", variants: ["a", "b"], weights: [0.3, 0.7] };
        const small = assignVariant({ ...exp, coverage: cov }, userId);
        if (small.inExperiment) expect(assignVariant(exp, userId).variantKey).toBe(small.variantKey);
      }),
    );
  });

  it("splits traffic according to weights and is fast", () => {
    const exp = { key: "split", variants: ["a", "b", "c"], weights: [0.2, 0.3, 0.5] };
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    const users = 30_000;
    const cpu = process.cpuUsage(); // CPU time, not wall time: other processes on the machine do not count
    for (let i = 0; i < users; i++) counts[assignVariant(exp, `u${i}`).variantKey ?? "none"]++;
    const used = process.cpuUsage(cpu);
    const perCallMs = (used.user + used.system) / 1000 / users;
    // ±3 percentage points is > 10 standard errors at this size: not flaky.
    expect(Math.abs(counts.a / users - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(counts.b / users - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(counts.c / users - 0.5)).toBeLessThan(0.03);
    expect(perCallMs).toBeLessThan(0.2);
  });
});
