import { expect, test } from "vitest";
import { analyze } from "@/lib/experiments/stats/analyze";
import type { ExperimentResultsSnapshot, MetricResult } from "@/lib/experiments/results-types";
import type { ExperimentSnapshotRow } from "../types";
import { experimentDecisionRule } from "./experiment-decision";
import { binomialSample, emptyInputs } from "./generated";

/** A snapshot as the results job stores it, from lib/experiments' own analysis of generated conversions. */
function experiment(pControl: number, pTreatment: number, n = 4000, guardrailBreached = false): ExperimentSnapshotRow {
  const variants = [
    { key: "control", n, sum: binomialSample(31, n, pControl) },
    { key: "treatment", n, sum: binomialSample(32, n, pTreatment) },
  ];
  const analysis = analyze({ metricType: "binomial", variants });
  const metric: MetricResult = {
    metricKey: "thumbs_up_rate",
    metricName: "Thumbs-up rate",
    metricType: "binomial",
    role: "goal",
    higherIsBetter: true,
    summaries: variants,
    analysis,
    adjustedPValues: { treatment: analysis.treatments[0].pValue },
    warning: null,
  };
  const snapshot: ExperimentResultsSnapshot = {
    computedAt: "2026-11-30T00:00:00.000Z",
    durationMs: 5,
    engine: "frequentist",
    alpha: 0.05,
    correction: "holm",
    controlKey: "control",
    exposures: variants.map((v) => ({ variantKey: v.key, users: v.n })),
    multipleExposureUsers: 0,
    srm: analysis.srm,
    metrics: [metric],
    guardrails: [{ metricKey: "error_rate", variantKey: "treatment", threshold: 0.05, lift: guardrailBreached ? 0.2 : 0.01, bound: 0.1, breached: guardrailBreached }],
    breachStreak: guardrailBreached ? 1 : 0,
    autoStopped: false,
  };
  return { id: "e1", key: "prompt-test", name: "Prompt test", snapshot };
}

test("fires 'ship' for a significant winner, 'stop' for a significant loser or a breached guardrail", () => {
  const ship = experimentDecisionRule(emptyInputs({ experiments: [experiment(0.3, 0.36)] }));
  expect(ship.map((s) => s.key)).toEqual(["experiment-decision:e1:ship:treatment"]);
  expect(Number(ship[0].evidence.pValue)).toBeLessThan(0.05);
  const stop = experimentDecisionRule(emptyInputs({ experiments: [experiment(0.36, 0.3)] }));
  expect(stop.map((s) => s.key)).toEqual(["experiment-decision:e1:stop"]);
  const guard = experimentDecisionRule(emptyInputs({ experiments: [experiment(0.3, 0.36, 4000, true)] }));
  expect(guard.map((s) => [s.key, s.severity])).toEqual([["experiment-decision:e1:stop:treatment", "high"]]);
});

test("stays silent while the experiment is inconclusive", () => {
  expect(experimentDecisionRule(emptyInputs({ experiments: [experiment(0.3, 0.3)] }))).toEqual([]);
  // A sample ratio mismatch makes any reading untrustworthy: no advice.
  const srm = experiment(0.3, 0.36);
  expect(experimentDecisionRule(emptyInputs({ experiments: [{ ...srm, snapshot: { ...srm.snapshot, srm: { pValue: 0.0001, flagged: true } } }] }))).toEqual([]);
});
