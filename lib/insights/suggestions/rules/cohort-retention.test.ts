import { expect, test } from "vitest";
import type { CohortReturnRow } from "../types";
import { cohortRetentionRule } from "./cohort-retention";
import { binomialSample, emptyInputs } from "./generated";

function row(recentRate: number, baselineRate: number, recentActive = 300, baselineActive = 1200): CohortReturnRow {
  return {
    cohortId: "11111111-1111-4111-8111-111111111111",
    cohortName: "Pro users",
    event: "session_started",
    recentWeek: "2026-11-16T00:00:00.000Z",
    recentActive,
    recentReturned: binomialSample(21, recentActive, recentRate),
    baselineActive,
    baselineReturned: binomialSample(22, baselineActive, baselineRate),
  };
}

test("fires when the cohort's week-over-week return rate fell", () => {
  const out = cohortRetentionRule(emptyInputs({ cohortReturns: [row(0.4, 0.6)] }));
  expect(out).toHaveLength(1);
  expect(out[0].key).toBe("cohort-retention:11111111-1111-4111-8111-111111111111");
  expect(Number(out[0].evidence.returnRate)).toBeLessThan(Number(out[0].evidence.baselineReturnRate));
  expect(Number(out[0].evidence.pValue)).toBeLessThan(0.05);
});

test("stays silent when the return rate held or rose, or the cohort is too small to tell", () => {
  expect(cohortRetentionRule(emptyInputs({ cohortReturns: [row(0.6, 0.6)] }))).toEqual([]);
  expect(cohortRetentionRule(emptyInputs({ cohortReturns: [row(0.7, 0.6)] }))).toEqual([]);
  expect(cohortRetentionRule(emptyInputs({ cohortReturns: [row(0.3, 0.6, 20, 100)] }))).toEqual([]);
});
