import { describe, expect, test } from "vitest";
import { overrideRatio, verdicts } from "./override-ratio";
import type { ScoreConfig } from "./queue-input";

const rating: ScoreConfig = { type: "numeric", name: "helpfulness", min: 1, max: 5 };
const ok: ScoreConfig = { type: "boolean", name: "correct" };
const tone: ScoreConfig = { type: "categorical", name: "tone", categories: ["friendly", "rude"] };
const n = (value: number) => ({ value, stringValue: null });
const label = (stringValue: string) => ({ value: 0, stringValue });

describe("override ratio", () => {
  test("a human rating is mapped onto [0, 1] by the queue's range; a judge's [0, 1] score is kept", () => {
    expect(verdicts(rating, n(5), n(0.2))).toEqual({ human: 1, judge: 0.2 });
    expect(verdicts(rating, n(2), n(4))).toEqual({ human: 0.25, judge: 0.75 });
    expect(verdicts(tone, label("rude"), label("friendly"))).toEqual({ humanLabel: "rude", judgeLabel: "friendly" });
    expect(verdicts(ok, { value: null, stringValue: null }, n(1))).toBeNull();
  });

  test("an item counts as overridden when any of its scores disagrees with the judge; items without a judge are left out", () => {
    const r = overrideRatio([
      { itemId: "a", scores: [{ config: rating, human: n(1), judge: n(0.9) }, { config: ok, human: n(1), judge: n(1) }] },
      { itemId: "b", scores: [{ config: rating, human: n(5), judge: n(0.8) }, { config: ok, human: n(1), judge: n(1) }] },
      { itemId: "c", scores: [{ config: tone, human: label("rude"), judge: label("friendly") }] },
      { itemId: "d", scores: [{ config: ok, human: n(0), judge: null }] },
    ]);
    expect(r).toMatchObject({ comparedItems: 3, overriddenItems: 2 });
    expect(r.ratio).toBeCloseTo(2 / 3, 12);
    expect(r.perScore).toEqual([
      { name: "correct", n: 2, agreement: 1, kappa: null },
      { name: "helpfulness", n: 2, agreement: 0.5, kappa: 0 },
      { name: "tone", n: 1, agreement: 0, kappa: null },
    ]);
  });

  test("kappa comes from the calibration code: perfect agreement on mixed verdicts is 1", () => {
    const r = overrideRatio([
      { itemId: "a", scores: [{ config: ok, human: n(1), judge: n(1) }] },
      { itemId: "b", scores: [{ config: ok, human: n(0), judge: n(0) }] },
    ]);
    expect(r).toMatchObject({ ratio: 0, perScore: [{ name: "correct", n: 2, agreement: 1, kappa: 1 }] });
  });

  test("no comparable items: the ratio is null, not zero", () => {
    expect(overrideRatio([])).toEqual({ comparedItems: 0, overriddenItems: 0, ratio: null, perScore: [] });
  });
});
