import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AnomalyFeedback,
  BASE_THRESHOLDS,
  falsePositiveRate,
  sensitivityMultiplier,
  severityFor,
  tuneSensitivity,
} from "./sensitivity";

// Scores below are written against a base threshold of 4 and scaled to the real one (surprise units).
const UNIT = BASE_THRESHOLDS.spike / 4;
const fb = (score: number, label: AnomalyFeedback["label"], kind: AnomalyFeedback["kind"] = "spike"): AnomalyFeedback => ({ kind, score: score * UNIT, label });

describe("sensitivity", () => {
  it("maps names and numbers to threshold multipliers", () => {
    expect(sensitivityMultiplier(undefined)).toBe(1);
    expect(sensitivityMultiplier("high")).toBeLessThan(1);
    expect(sensitivityMultiplier("low")).toBeGreaterThan(1);
    expect(sensitivityMultiplier(2)).toBe(2);
  });

  it("grades severity by how far past the threshold a score is", () => {
    expect(severityFor(4, 4)).toBe("low");
    expect(severityFor(6, 4)).toBe("medium");
    expect(severityFor(8, 4)).toBe("high");
    expect(severityFor(12, 4)).toBe("critical");
  });

  it("computes the false-positive rate of alerts that would fire", () => {
    const feedback = [fb(4.5, "false_positive"), fb(5, "false_positive"), fb(9, "confirmed"), fb(12, "confirmed")];
    expect(falsePositiveRate(feedback)).toBe(0.5);
    // At multiplier 1.5 (spike threshold 6) only the two confirmed ones fire.
    expect(falsePositiveRate(feedback, 1.5)).toBe(0);
    expect(falsePositiveRate([])).toBe(0);
  });

  it("raises the threshold just enough to meet the target false-positive rate", () => {
    const feedback = [fb(4.2, "false_positive"), fb(4.6, "false_positive"), fb(5.2, "false_positive"), fb(7, "confirmed"), fb(9, "confirmed"), fb(20, "confirmed")];
    const r = tuneSensitivity(feedback, { current: "medium", targetFalsePositiveRate: 0.2 });
    expect(r.falsePositiveRate).toBe(0.5);
    // Just above the worst false positive (5.2 / 4 = 1.3).
    expect(r.multiplier).toBeCloseTo(1.3, 3);
    expect(r.projectedFalsePositiveRate).toBe(0);
    expect(r.confirmedLost).toBe(0);
  });

  it("does not move on thin evidence and relaxes gently on a clean record", () => {
    expect(tuneSensitivity([fb(5, "false_positive")]).multiplier).toBe(1);
    const clean = Array.from({ length: 6 }, () => fb(6, "confirmed"));
    expect(tuneSensitivity(clean).multiplier).toBeCloseTo(0.9);
  });

  it("tunes on any kind's feedback, every kind on the same surprise scale", () => {
    const ls = BASE_THRESHOLDS.level_shift / UNIT;
    const feedback = [fb(ls * 1.1, "false_positive", "level_shift"), ...Array.from({ length: 4 }, () => fb(ls * 3, "confirmed", "level_shift"))];
    const r = tuneSensitivity(feedback, { targetFalsePositiveRate: 0.1 });
    expect(r.multiplier).toBeGreaterThan(1.1);
    expect(r.multiplier).toBeLessThan(1.2);
  });

  it("never raises the projected false-positive rate (property)", () => {
    const item = fc.record({
      kind: fc.constantFrom("spike" as const, "drop" as const, "level_shift" as const, "trend" as const),
      score: fc.double({ min: 2, max: 40, noNaN: true }),
      label: fc.constantFrom("confirmed" as const, "false_positive" as const),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), (feedback, target) => {
        const r = tuneSensitivity(feedback, { targetFalsePositiveRate: target });
        expect(r.multiplier).toBeGreaterThan(0);
        if (r.multiplier >= r.previousMultiplier) expect(r.projectedFalsePositiveRate).toBeLessThanOrEqual(r.falsePositiveRate + 1e-12);
        if (r.reason === "raised to meet target") expect(r.projectedFalsePositiveRate).toBeLessThanOrEqual(target);
      }),
      { numRuns: 200 },
    );
  });
});
