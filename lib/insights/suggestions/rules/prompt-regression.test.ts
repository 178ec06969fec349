import { expect, test } from "vitest";
import type { PromptVersionRow } from "../types";
import { promptRegressionRule } from "./prompt-regression";
import { emptyInputs, moments, scoresSample } from "./generated";

function row(version: string, firstSeen: string, seed: number, mean: number, n = 150): PromptVersionRow {
  return { traceName: "support-chat", version, scoreName: "user_rating", firstSeen, ...moments(scoresSample(seed, n, mean, 0.2)) };
}

test("fires when the newest version's ratings are significantly lower than the previous version's", () => {
  const out = promptRegressionRule(emptyInputs({ promptVersions: [row("support-v3", "2026-11-01T00:00:00.000Z", 5, 0.75), row("support-v4", "2026-11-20T00:00:00.000Z", 6, 0.5)] }));
  expect(out).toHaveLength(1);
  expect(out[0].key).toBe("prompt-regression:support-chat:support-v3->support-v4:user_rating");
  expect(Number(out[0].evidence.pValue)).toBeLessThan(0.001);
  expect(Number(out[0].evidence.diffHigh95)).toBeLessThan(0);
  expect(out[0].severity).toBe("high");
});

test("stays silent when the new version is as good, better, or too little scored", () => {
  const v3 = row("support-v3", "2026-11-01T00:00:00.000Z", 5, 0.75);
  expect(promptRegressionRule(emptyInputs({ promptVersions: [v3, row("support-v4", "2026-11-20T00:00:00.000Z", 6, 0.75)] }))).toEqual([]);
  expect(promptRegressionRule(emptyInputs({ promptVersions: [v3, row("support-v4", "2026-11-20T00:00:00.000Z", 6, 0.9)] }))).toEqual([]);
  expect(promptRegressionRule(emptyInputs({ promptVersions: [v3, row("support-v4", "2026-11-20T00:00:00.000Z", 6, 0.5, 10)] }))).toEqual([]);
});
