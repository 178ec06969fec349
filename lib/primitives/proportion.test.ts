import { describe, expect, it } from "vitest";
import { estimateShare, MIN_SAMPLE_FOR_RATE } from "./proportion";

describe("a share with its Wilson interval", () => {
  it("matches the published Wilson interval (Newcombe 1998, table I: 81 of 263 → 0.2553–0.3662)", () => {
    const e = estimateShare(81, 263);
    expect(e.share).toBeCloseTo(81 / 263, 12);
    expect(e.low).toBeCloseTo(0.2553, 4);
    expect(e.high).toBeCloseTo(0.3662, 4);
  });
  it("stays inside [0, 1] and wide at small n: 1 of 4 and 5 of 5 are not shown as headline rates", () => {
    const quarter = estimateShare(1, 4);
    expect(quarter.low).toBeGreaterThan(0);
    expect(quarter.high).toBeGreaterThan(0.6);
    expect(quarter.enough).toBe(false);
    const all = estimateShare(5, 5);
    expect(all.high).toBe(1);
    expect(all.low).toBeLessThan(0.6);
    expect(estimateShare(10, MIN_SAMPLE_FOR_RATE).enough).toBe(true);
  });
  it("has no share and no interval without observations", () => {
    expect(estimateShare(0, 0)).toEqual({ successes: 0, n: 0, share: null, low: null, high: null, enough: false });
  });
});
