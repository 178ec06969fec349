import { describe, expect, it } from "vitest";
import { NAB_PROFILES, nabRawScore, normaliseNab, precisionRecallF1, scaledSigmoid, windowEvents } from "./nab";

// 20 rows at t = 0..19, one window covering rows 5..9 (width 5). Reference
// numbers from the NAB formulas, evaluated in Python:
//   ss = lambda x: -1.0 if x > 3 else 2 / (1 + math.exp(5 * x)) - 1
//   ss(-1) = 0.98661 (max TP), ss(-1/5) / ss(-1) = 0.468387, 0.11 * ss(5/4) = -0.109576
const timestamps = Array.from({ length: 20 }, (_, i) => i);
const windows = [{ start: 5, end: 9 }];
const run = (detections: number[]) => ({ timestamps, windows, detections });
const std = NAB_PROFILES.standard;

describe("NAB scoring", () => {
  it("scaled sigmoid matches the NAB definition", () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.9866143, 6);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.5)).toBe(-1);
  });

  it("gives a perfect score to a detection at the window start and 0 to none", () => {
    expect(normaliseNab([nabRawScore(run([5]), std, 0)])).toBeCloseTo(100, 9);
    expect(normaliseNab([nabRawScore(run([]), std, 0)])).toBeCloseTo(0, 9);
  });

  it("rewards late detections less, counts only the first in a window, and charges false positives", () => {
    expect(nabRawScore(run([9]), std, 0).raw).toBeCloseTo(0.468387, 5);
    // Rows are scanned in time order: row 6 is the first detection, row 9 is ignored.
    expect(nabRawScore(run([6, 9]), std, 0).raw).toBeCloseTo(scaledSigmoid(-4 / 5) / scaledSigmoid(-1), 9);
    // FP before any window costs a full fpWeight; FP 5 rows after a width-5 window costs 0.11 * ss(5/4).
    const raw = nabRawScore(run([2, 9, 14]), std, 0).raw;
    expect(raw).toBeCloseTo(0.468387 - 0.11 - 0.109576, 5);
    expect(normaliseNab([nabRawScore(run([2, 9, 14]), std, 0)])).toBeCloseTo(62.4405, 3);
  });

  it("ignores detections in the probationary period", () => {
    expect(nabRawScore(run([1, 5]), std, 0.15).raw).toBeCloseTo(1, 9); // row 1 < 3 probation rows
  });

  it("counts window events for precision/recall, merging consecutive false positives", () => {
    const counts = windowEvents(run([2, 3, 4, 12, 15]), 0);
    expect(counts).toEqual({ tp: 0, fp: 3, fn: 1 }); // {2,3,4}, {12}, {15}
    const withHit = windowEvents(run([7, 15]), 0);
    expect(withHit).toEqual({ tp: 1, fp: 1, fn: 0 });
    expect(precisionRecallF1(withHit)).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3 });
  });
});
