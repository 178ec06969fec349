import { expect, test } from "vitest";
import { toneShiftWords, toneWord } from "./tone";

test("tone and its change are said in words, with the thresholds the insight templates use", () => {
  expect([0.52, 0.16, 0.15, 0, -0.15, -0.4].map(toneWord)).toEqual(["mostly positive", "mostly positive", "fairly even", "fairly even", "fairly even", "on the heavier side"]);
  expect([null, 0.01, -0.04, 0.09, 0.35, -0.1, -0.2].map(toneShiftWords)).toEqual([
    "with nothing to compare against",
    "about the same",
    "about the same",
    "a little brighter",
    "clearly brighter",
    "a little heavier",
    "clearly heavier",
  ]);
});
