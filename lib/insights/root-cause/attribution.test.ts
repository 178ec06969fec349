import { describe, expect, test } from "vitest";
import { attribute, jsSurprise, mixShiftCandidates, pairStandsOut, pruneCombinations, ratioEffects, sumEffects, type Moments, type SegmentInput } from "./attribution";

const seg = (dimension: string, value: string, b: [number, number], c: [number, number]): SegmentInput => ({
  dimension,
  value,
  baseline: { num: b[0], den: b[1] },
  current: { num: c[0], den: c[1] },
});
const totalOf = (segments: SegmentInput[]) => ({
  baseline: { num: segments.reduce((a, s) => a + s.baseline.num, 0), den: segments.reduce((a, s) => a + s.baseline.den, 0) },
  current: { num: segments.reduce((a, s) => a + s.current.num, 0), den: segments.reduce((a, s) => a + s.current.den, 0) },
});

describe("rate/mix decomposition", () => {
  test("rate and mix effects over a dimension's values add up exactly to the change of the ratio", () => {
    const model = [seg("model", "a", [10, 100], [30, 120]), seg("model", "b", [5, 300], [9, 200]), seg("model", "c", [2, 100], [1, 80])];
    const total = totalOf(model);
    const change = total.current.num / total.current.den - total.baseline.num / total.baseline.den;
    const sum = model.map((s) => ratioEffects(s, total)).reduce((a, e) => a + e.rate + e.mix, 0);
    expect(sum).toBeCloseTo(change, 12);
  });

  test("a pure mix shift (each value's own rate unchanged) has no rate effect", () => {
    const model = [seg("model", "bad", [10, 100], [40, 400]), seg("model", "good", [9, 900], [6, 600])];
    const total = totalOf(model);
    const effects = model.map((s) => ratioEffects(s, total));
    for (const e of effects) expect(e.rate).toBeCloseTo(0, 12);
    // 10% → 40% of traffic at a 10% rate, the rest at 1%: the error rate goes from 1.9% to 4.6%.
    expect(effects[0].mix + effects[1].mix).toBeCloseTo(0.046 - 0.019, 12);
    const [shift] = mixShiftCandidates(total, model, ["model"]);
    expect(shift).toMatchObject({ dimension: "model", value: "bad", contribution: 1 });
    expect(shift.evidence.effect).toBe("mix");
  });

  test("a sum's change splits exactly into per-item (rate) and volume effects", () => {
    const e = sumEffects(seg("model", "a", [100, 50], [300, 60]));
    expect(e.rate + e.volume).toBeCloseTo(200, 12);
    expect(e.rate).toBeCloseTo(55 * (5 - 2), 12);
  });
});

describe("Adtributor attribution", () => {
  test("explanatory power is the segment's share of the change; a segment growing with the total is not a candidate", () => {
    // Cost: model a triples; environment prod is 80% of everything and grows in proportion.
    const segments = [
      seg("model", "a", [100, 100], [300, 100]),
      seg("model", "b", [400, 400], [400, 400]),
      seg("environment", "prod", [400, 400], [560, 400]),
      seg("environment", "dev", [100, 100], [140, 100]),
    ];
    const total = { baseline: { num: 500, den: 500 }, current: { num: 700, den: 500 } };
    const [top, ...rest] = attribute("sum", total, segments);
    expect(top).toMatchObject({ dimension: "model", value: "a", contribution: 1, baseline: 100, current: 300 });
    expect(top.score).toBeCloseTo(1 - 0.2, 12);
    expect(rest.map((c) => c.value)).not.toContain("prod");
  });

  test("no change, no candidates", () => {
    const s = [seg("model", "a", [1, 10], [1, 10])];
    expect(attribute("ratio", totalOf(s), s)).toEqual([]);
  });

  test("Jensen–Shannon surprise of an element: 0 when its share holds, ½·p·ln 2 when it vanishes", () => {
    expect(jsSurprise(0.3, 0.3)).toBe(0);
    expect(jsSurprise(0.4, 0)).toBeCloseTo(0.5 * 0.4 * Math.log(2), 12);
  });
});

describe("two-dimension pairs", () => {
  const m = (num: number, den: number): Moments => ({ num, den, num2: num, den2: den, numDen: num }); // 0/1 rows
  test("a pair whose rate rose while the rest of its value stayed put stands out; a slice of a value-wide rise does not", () => {
    const parent = { baseline: m(30, 1000), current: m(130, 1000) };
    const concentrated = { baseline: m(6, 200), current: m(106, 200) };
    const slice = { baseline: m(6, 200), current: m(26, 200) };
    expect(pairStandsOut("ratio", 1, 1, concentrated, parent)).toBe(true);
    expect(pairStandsOut("ratio", 1, 1, slice, parent)).toBe(false);
  });

  test("pruning keeps a pair only when it stands out and ranks above its values", () => {
    const cand = (dimension: string, value: string, score: number) => ({ ...attribute("sum", { baseline: { num: 1, den: 1 }, current: { num: 2, den: 1 } }, [seg(dimension, value, [0, 1], [1, 1])])[0], score });
    const ranked = [cand("model × env", "a × dev", 0.9), cand("model", "a", 0.7), cand("model × env", "a × prod", 0.5)];
    const segments = new Map(ranked.map((c) => [`${c.dimension}\u0000${c.value}`, seg(c.dimension, c.value, [0, 1], [1, 1])]));
    segments.set("env\u0000dev", seg("env", "dev", [0, 1], [1, 1]));
    const kept = pruneCombinations(ranked, segments, () => true).map((c) => c.value);
    expect(kept).toEqual(["a × dev", "a"]);
    expect(pruneCombinations(ranked, segments, () => false).map((c) => c.value)).toEqual(["a"]);
  });
});
