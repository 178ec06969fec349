import { describe, expect, test } from "vitest";
import { localSentimentAnalyzer, uncalibratedSentimentAnalyzer } from "../local-analyzer";
import { calibrateLongPolarity, fitRatingCurve, polarityAt, ratingAt, type RatingCalibration } from "./rating-calibration";
import shipped from "./rating-calibration.json";

const points = (pairs: [number, number][]) => pairs.map(([polarity, rating]) => ({ polarity, rating }));

describe("rating calibration", () => {
  test("the isotonic fit pools the out-of-order neighbours and averages tied polarities (hand-computed)", () => {
    // Sorted by polarity, ratings 1, 4, 2, 5: the 4 and the 2 are out of order and pool to 3 at polarity 0.
    expect(fitRatingCurve(points([[0.5, 5], [-0.5, 1], [0.1, 2], [-0.1, 4]]))).toEqual([[-0.5, 1], [0, 3], [0.5, 5]]);
    // Two texts at the same polarity are one point (their mean rating), whatever order they come in.
    expect(fitRatingCurve(points([[0, 2], [0, 4], [1, 5]]))).toEqual([[0, 3], [1, 5]]);
    expect(fitRatingCurve(points([[1, 1], [0, 5]]))).toEqual([[0.5, 3]]);
  });

  test("interpolates between knots, is flat beyond them, and polarityAt inverts ratingAt", () => {
    const curve: [number, number][] = [[-0.5, 1], [0, 3], [0.5, 5]];
    expect(ratingAt(curve, 0.25)).toBeCloseTo(4, 9);
    expect(ratingAt(curve, -1)).toBe(1);
    expect(ratingAt(curve, 1)).toBe(5);
    expect(polarityAt(curve, 2)).toBeCloseTo(-0.25, 9);
    const cal: RatingCalibration = { version: "t", fittedOn: "t", short: curve, long: [[0, 2], [0.2, 4]] };
    // A long text at 0.1 is expected to get 3 stars, which a short text gets at polarity 0.
    expect(calibrateLongPolarity(cal, 0.1)).toBeCloseTo(0, 9);
  });

  test("the shipped calibration never reverses an order: a higher long-text polarity never comes out lower", () => {
    const cal = shipped as RatingCalibration;
    for (const curve of [cal.short, cal.long]) {
      for (let i = 1; i < curve.length; i++) {
        expect(curve[i][0]).toBeGreaterThan(curve[i - 1][0]);
        expect(curve[i][1]).toBeGreaterThan(curve[i - 1][1]);
      }
    }
    let previous = -Infinity;
    for (let p = -1; p <= 1.000001; p += 0.001) {
      const q = calibrateLongPolarity(cal, p);
      expect(q).toBeGreaterThanOrEqual(previous);
      expect(Math.abs(q)).toBeLessThanOrEqual(1);
      previous = q;
    }
  });

  test("short texts read exactly as without the calibration; long texts are the calibrated uncalibrated blend", () => {
    const calibrated = localSentimentAnalyzer();
    const raw = uncalibratedSentimentAnalyzer();
    for (const t of ["Thanks, that worked perfectly!", "This is useless, I wasted an hour.", "ok"]) expect(calibrated.analyzeOne(t)).toEqual(raw.analyzeOne(t));
    const review =
      "I love this dress, the colour is gorgeous and it fits perfectly. Sadly the zipper broke after one wear and the seller never answered my emails.\nWould not buy from this shop again, what a waste of money.";
    const before = raw.analyzeOne(review).polarity;
    const after = calibrated.analyzeOne(review).polarity;
    expect(after).toBeCloseTo(calibrateLongPolarity(shipped as RatingCalibration, before), 4);
    expect(after).not.toBe(before);
    expect(calibrated.version).toBe(`${raw.version}+${shipped.version}`);
  });
});
