// Experiments read evaluation scores (issue 20): a goal metric over trace scores by name (an online evaluation rule's
// or a reviewer's), the mean per exposed user, analysed like any other mean metric, through the routes.
import { describe, expect, test } from "vitest";
import { call, seededDatabase } from "./support/fixtures";
import { rng } from "./support/experiments";
import { experimentExposures, scores, traces } from "@/db/schema";
import * as list from "@/app/api/v1/experiments/route";
import * as results from "@/app/api/v1/experiments/[key]/results/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { experimentResults as resultsJob, EXPERIMENT_RESULTS_REQUESTED } from "@/inngest/functions/experiment-results";
import type { ExperimentResultsSnapshot } from "@/lib/experiments/results-types";
import { metricSummaries } from "@/lib/experiments/store/metric-query";
import { metricDefinitionSchema } from "@/lib/experiments/definition";

const t = seededDatabase();
const t0 = new Date("2026-10-01T00:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const helpfulness = { key: "helpfulness", name: "Helpfulness (judge)", type: "mean", score: { name: "helpfulness" }, windowHours: 24 };

async function createScoreExperiment(key: string) {
  const created = await call(list.POST, "/api/v1/experiments", {
    method: "POST",
    as: t.org.users.analyst.id,
    body: { key, name: key, variants: [{ key: "control", weight: 0.5 }, { key: "b", weight: 0.5 }], goalMetrics: [helpfulness] },
  });
  expect(created.status).toBe(201);
  return created.json.experiment as { id: string; key: string };
}

/**
 * `users` exposed users per variant; each has 1-4 traces in the window, each scored "helpfulness" by the judge with
 * probability of a good answer `good[variant]` (0/1, like a boolean judge); every 10th user has no scored trace, and
 * every user has one scored trace after the 24 h window (scored 1: must not count).
 */
async function generate(experimentId: string, prefix: string, good: Record<string, number>, seed: number, users = 150) {
  const random = rng(seed);
  const exposures = [];
  const traceRows = [];
  const scoreRows = [];
  for (const variantKey of Object.keys(good)) {
    for (let i = 0; i < users; i++) {
      const userId = `${prefix}-${variantKey}-${i}`;
      exposures.push({ projectId: t.org.project.id, experimentId, userId, variantKey, firstExposedAt: at(0) });
      const n = 1 + Math.floor(random() * 4);
      for (let k = 0; k <= n; k++) {
        const id = `${userId}-t${k}`;
        const late = k === n;
        traceRows.push({ projectId: t.org.project.id, id, userId, name: "chat", timestamp: late ? at(25 * 60) : at(10 + k) });
        if (i % 10 === 9 && !late) continue;
        const value = late ? 1 : random() < good[variantKey] ? 1 : 0;
        scoreRows.push({
          projectId: t.org.project.id,
          id: `${id}-s`,
          traceId: id,
          name: "helpfulness",
          value,
          dataType: "boolean" as const,
          source: "eval" as const,
          timestamp: at(30),
        });
      }
    }
  }
  await t.h.db.insert(experimentExposures).values(exposures);
  await t.h.db.insert(traces).values(traceRows);
  await t.h.db.insert(scores).values(scoreRows);
}

async function resultsOf(experiment: { id: string; key: string }, now: Date): Promise<ExperimentResultsSnapshot> {
  const runner = new EmbeddedRunner(t.h.db, [resultsJob], { log: () => {} });
  await runner.send({
    name: EXPERIMENT_RESULTS_REQUESTED,
    data: { projectId: t.org.project.id, experimentId: experiment.id, now: now.toISOString() },
    id: `${experiment.key}-${now.toISOString()}`,
  });
  await runner.drain();
  const got = await call(results.GET, "/x", { as: t.org.users.viewer.id, params: { key: experiment.key } });
  expect(got.status).toBe(200);
  return got.json.results;
}

describe("experiment metrics over evaluation scores", () => {
  test("a bad score metric is a 400 naming the field", async () => {
    const body = (metric: unknown) => ({ key: "bad-score", name: "x", variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }], goalMetrics: [metric] });
    const asRatio = await call(list.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: body({ ...helpfulness, type: "ratio" }) });
    expect(asRatio.status).toBe(400);
    expect(asRatio.json.error.message).toMatch(/^goalMetrics\.0\.type: a score metric is a mean per user/);
    const both = await call(list.POST, "/x", {
      method: "POST",
      as: t.org.users.admin.id,
      body: body({ ...helpfulness, numerator: { events: ["message_sent"] } }),
    });
    expect(both.json.error.message).toMatch(/^goalMetrics\.0\.numerator: a score metric reads trace scores/);
    const noName = await call(list.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: body({ ...helpfulness, score: { name: " " } }) });
    expect(noName.json.error.message).toMatch(/^goalMetrics\.0\.score\.name: score name is required/);
    const badSource = await call(list.POST, "/x", {
      method: "POST",
      as: t.org.users.admin.id,
      body: body({ ...helpfulness, score: { name: "helpfulness", sources: ["robot"] } }),
    });
    expect(badSource.json.error.message).toMatch(/^goalMetrics\.0\.score\.sources\.0/);
    const neither = await call(list.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: body({ key: "m", name: "m", type: "mean" }) });
    expect(neither.json.error.message).toMatch(/^goalMetrics\.0\.numerator: numerator is required \(or score/);
  });

  test("a planted difference in judge scores is found; users without a score are no units; late scores update the next run", async () => {
    const experiment = await createScoreExperiment("judge-diff");
    await generate(experiment.id, "diff", { control: 0.5, b: 0.7 }, 7);
    const snapshot = await resultsOf(experiment, at(2 * 24 * 60));
    const metric = snapshot.metrics.find((m) => m.metricKey === "helpfulness" && m.role === "goal")!;
    // 150 exposed per variant, every 10th without a scored trace in the window.
    expect(metric.summaries.map((s) => [s.key, s.n])).toEqual([
      ["control", 135],
      ["b", 135],
    ]);
    // Means per user near the planted rates (the late, out-of-window scores of 1 are not read).
    const mean = (key: string) => {
      const s = metric.summaries.find((x) => x.key === key)!;
      return s.sum / s.n;
    };
    expect(mean("control")).toBeGreaterThan(0.4);
    expect(mean("control")).toBeLessThan(0.6);
    expect(mean("b")).toBeGreaterThan(0.6);
    expect(mean("b")).toBeLessThan(0.8);
    const treatment = metric.analysis!.treatments[0];
    expect(treatment.key).toBe("b");
    expect(treatment.lift!).toBeGreaterThan(0.2);
    expect(treatment.liftCI![0]!).toBeGreaterThan(0);
    expect(metric.adjustedPValues.b!).toBeLessThan(0.05);
    // The full computation (daily-series backfill path) agrees with the incremental per-user rows.
    const full = await metricSummaries(t.h.db, t.org.project.id, experiment.id, [metricDefinitionSchema.parse(helpfulness)], at(2 * 24 * 60));
    for (const s of metric.summaries) {
      const f = full.get("helpfulness")!.find((x) => x.key === s.key)!;
      expect(f.n).toBe(s.n);
      expect(f.sum).toBeCloseTo(s.sum, 9);
      expect(f.sumSquares!).toBeCloseTo(s.sumSquares!, 9);
    }
    expect(snapshot.exposures).toEqual(expect.arrayContaining([
      { variantKey: "b", users: 150 },
      { variantKey: "control", users: 150 },
    ]));

    // An online rule scores an unscored user's trace after the run: the next (incremental) run counts them.
    await t.h.db.insert(scores).values({
      projectId: t.org.project.id,
      id: "diff-control-9-late-judge",
      traceId: "diff-control-9-t0",
      name: "helpfulness",
      value: 0,
      dataType: "boolean",
      source: "eval",
      timestamp: at(3 * 24 * 60),
    });
    const next = await resultsOf(experiment, at(2 * 24 * 60 + 60));
    expect(next.unitRefresh?.mode).toBe("incremental");
    const control = next.metrics.find((m) => m.metricKey === "helpfulness")!.summaries.find((s) => s.key === "control")!;
    expect(control.n).toBe(136);
  });

  test("the same score distribution in both variants: no false win", async () => {
    const experiment = await createScoreExperiment("judge-aa");
    await generate(experiment.id, "aa", { control: 0.6, b: 0.6 }, 11);
    const snapshot = await resultsOf(experiment, at(2 * 24 * 60));
    const metric = snapshot.metrics.find((m) => m.metricKey === "helpfulness")!;
    expect(metric.summaries.every((s) => s.n === 135)).toBe(true);
    expect(metric.adjustedPValues.b!).toBeGreaterThan(0.05);
    const [lo, hi] = metric.analysis!.treatments[0].liftCI!;
    expect(lo!).toBeLessThan(0);
    expect(hi!).toBeGreaterThan(0);
  });
});
