import { describe, expect, test } from "vitest";
import { calibrate } from "./calibration";

describe("judge calibration: the judge as a detector of bad outputs", () => {
  test("precision of its fails and recall of the human fails differ when the errors are not symmetric", () => {
    // Judge fails items 0-3; humans fail 0, 1 and 4.
    const c = calibrate([[0, 0], [0.2, 0.1], [0.3, 0.9], [0.4, 1], [0.9, 0.2]]);
    expect(c.confusion).toEqual({ judgePassHumanPass: 0, judgePassHumanFail: 1, judgeFailHumanPass: 2, judgeFailHumanFail: 2 });
    expect(c.failPrecision).toBe(0.5);
    expect(c.failRecall).toBeCloseTo(2 / 3, 12);
  });

  test("undefined rather than zero when the judge failed nothing or humans failed nothing", () => {
    expect(calibrate([[1, 1], [0.8, 0.1]])).toMatchObject({ failPrecision: null, failRecall: 0 });
    expect(calibrate([[0, 1], [1, 1]])).toMatchObject({ failPrecision: 0, failRecall: null });
    expect(calibrate([])).toMatchObject({ n: 0, failPrecision: null, failRecall: null });
  });
});
