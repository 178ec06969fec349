import { expect, test } from "vitest";
import { verdictFor, signedPercent } from "./verdict";
import { canTransition, createExperimentSchema, matchesTargeting } from "./definition";
import type { MetricResult } from "./results-types";
import type { TreatmentResult } from "./stats/analyze";

const metric = (higherIsBetter: boolean, p: number | null): MetricResult => ({
  metricKey: "thumbs_up_rate",
  metricName: "Thumbs-up rate",
  metricType: "ratio",
  role: "goal",
  higherIsBetter,
  summaries: [],
  analysis: null,
  adjustedPValues: { b: p },
  warning: null,
});
const treatment = (lift: number | null, chance: number | null = null): TreatmentResult => ({
  key: "b", n: 100, mean: 0.5, lift, liftCI: null, absoluteDiff: null, absoluteCI: null,
  pValue: 0.5, absolutePValue: null, chanceToBeatControl: chance, risk: null, warning: null,
});
const ctx = { alpha: 0.05, srmFlagged: false, engine: "frequentist" as const };

test("verdicts read the adjusted p-value and the metric's direction", () => {
  expect(verdictFor(metric(true, 0.01), treatment(0.12), ctx)).toEqual({ tone: "win", text: "b is better: +12.0% thumbs-up rate (p 0.010)." });
  expect(verdictFor(metric(false, 0.01), treatment(0.12), ctx).tone).toBe("loss");
  expect(verdictFor(metric(true, 0.2), treatment(0.12), ctx).text).toMatch(/^No significant difference yet \(p 0.200\)/);
  expect(verdictFor(metric(true, 0.01), treatment(0.12), { ...ctx, srmFlagged: true }).tone).toBe("warn");
  expect(verdictFor(metric(true, null), treatment(null), ctx).tone).toBe("warn");
  const bayes = { ...ctx, engine: "bayesian" as const };
  expect(verdictFor(metric(true, null), treatment(0.1, 0.97), bayes).text).toMatch(/very likely better \(97% chance/);
  expect(verdictFor(metric(false, null), treatment(0.1, 0.97), bayes).tone).toBe("loss");
  expect(verdictFor(metric(true, null), treatment(0.1, 0.6), bayes).tone).toBe("neutral");
  expect(signedPercent(-0.034)).toBe("−3.4%");
});

test("definitions resolve presets, check weights, and targeting and transitions behave", () => {
  const parsed = createExperimentSchema.parse({
    key: "k",
    name: "K",
    variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }],
    goalMetrics: ["thumbs_up_rate"],
    guardrails: [{ metric: "error_rate", threshold: 0.1 }],
  });
  expect(parsed.goalMetrics[0]).toMatchObject({ key: "thumbs_up_rate", type: "ratio", higherIsBetter: true });
  expect(parsed.guardrails[0].metric).toMatchObject({ key: "error_rate", higherIsBetter: false });
  const ratioWithoutDenominator = createExperimentSchema.safeParse({
    key: "k", name: "K", variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }],
    goalMetrics: [{ key: "m", name: "M", type: "ratio", numerator: { events: ["x"] } }],
  });
  expect(ratioWithoutDenominator.success).toBe(false);
  expect(ratioWithoutDenominator.error!.issues[0].path).toEqual(["goalMetrics", 0, "denominator"]);
  expect(matchesTargeting({ plan: ["pro", "team"], country: "US" }, { plan: "pro", country: "US" })).toBe(true);
  expect(matchesTargeting({ plan: ["pro", "team"] }, { plan: "free" })).toBe(false);
  expect(matchesTargeting({ plan: "pro" }, undefined)).toBe(false);
  expect(canTransition("draft", "start")).toBe(true);
  expect(canTransition("stopped", "resume")).toBe(false);
  expect(canTransition("paused", "stop")).toBe(true);
});
