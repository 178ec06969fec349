// The pure half of the results job: a clearly harmful treatment breaches its guardrail, the streak counts
// consecutive breached checks, auto-stop acts on the second, and the owner is told once per stage.
import { describe, expect, it } from "vitest";
import { metricDefinitionSchema } from "./definition";
import { computeResults, ownerNotices } from "./results-snapshot";
import type { Experiment } from "./store/experiments";

const errors = metricDefinitionSchema.parse({ key: "errors", name: "Error rate", type: "binomial", numerator: { events: ["error"] }, higherIsBetter: false });

function experiment(overrides: Partial<Experiment>): Experiment {
  return {
    id: "e1",
    projectId: "p1",
    key: "exp",
    variants: [
      { key: "control", weight: 0.5, parameters: {} },
      { key: "treatment", weight: 0.5, parameters: {} },
    ],
    goalMetrics: [],
    guardrails: [{ metric: errors, threshold: 0.05 }],
    engine: "frequentist",
    alpha: 0.05,
    correction: "holm",
    status: "running",
    autoStop: true,
    breachStreak: 0,
    ...overrides,
  } as unknown as Experiment;
}

const now = new Date("2026-03-02T10:00:00Z");
const input = (errorsInTreatment: number) => ({
  counts: { exposures: [{ variantKey: "control", users: 5000 }, { variantKey: "treatment", users: 5000 }], multipleExposureUsers: 0 },
  bySummary: {
    totals: new Map([["errors", [{ key: "control", n: 5000, sum: 250 }, { key: "treatment", n: 5000, sum: errorsInTreatment }]]]),
    cohorts: new Map(),
  },
  unitRefresh: undefined,
  until: now,
  now,
});

describe("computeResults", () => {
  it("a first breached check starts the streak and tells the owner, without stopping", () => {
    const exp = experiment({ breachStreak: 0 });
    const outcome = computeResults(exp, input(500));
    expect(outcome.breached.map((b) => `${b.metricKey}/${b.variantKey}`)).toEqual(["errors/treatment"]);
    expect([outcome.breachStreak, outcome.autoStop, outcome.snapshot.autoStopped]).toEqual([1, false, false]);
    expect(ownerNotices(exp, outcome).map((n) => n.kind)).toEqual(["guardrail_breached"]);
    expect(ownerNotices(exp, outcome)[0].message).toMatch(/Auto-stop will stop the experiment if the next check is breached too/);
  });

  it("the second consecutive breached check auto-stops a running experiment", () => {
    const exp = experiment({ breachStreak: 1 });
    const outcome = computeResults(exp, input(500));
    expect([outcome.breachStreak, outcome.autoStop]).toEqual([2, true]);
    expect(ownerNotices(exp, outcome).map((n) => n.kind)).toEqual(["auto_stopped"]);
    expect(computeResults(experiment({ breachStreak: 1, autoStop: false }), input(500)).autoStop).toBe(false);
    expect(computeResults(experiment({ breachStreak: 1, status: "paused" }), input(500)).autoStop).toBe(false);
  });

  it("a clean check resets the streak and sends nothing", () => {
    const exp = experiment({ breachStreak: 1 });
    const outcome = computeResults(exp, input(250));
    expect([outcome.breached.length, outcome.breachStreak, outcome.autoStop]).toEqual([0, 0, false]);
    expect(ownerNotices(exp, outcome)).toEqual([]);
    expect(outcome.snapshot.exposures).toEqual([{ variantKey: "control", users: 5000 }, { variantKey: "treatment", users: 5000 }]);
    expect(outcome.snapshot.srm.flagged).toBe(false);
  });
});
