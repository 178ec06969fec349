import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { and, eq, notLike } from "drizzle-orm";
import { InngestTestEngine } from "@inngest/test";
import { createTestDb } from "./support/db";
import { seedOrg, type SeededOrg } from "./support/fixtures";
import { experimentConfig } from "./support/experiments";
import type { DbHandle } from "@/db/client";
import {
  auditLog,
  events,
  experimentExposures,
  experimentGuardrailBreaches,
  experimentResults,
  experiments,
  jobRuns,
} from "@/db/schema";
import { seedDemo } from "@/lib/demo/seed";
import { DEMO_SEED_TIMEOUT } from "@/tests/support/demo";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { toInngestFunction } from "@/inngest/client";
import { experimentResults as resultsJob, EXPERIMENT_RESULTS_REQUESTED } from "@/inngest/functions/experiment-results";
import { acknowledgeNotifications, createExperiment, dailyResults, listExperiments, listNotifications } from "@/lib/experiments/store/experiments";
import { computeExperimentResults } from "@/lib/experiments/results";
import { metricSummaries } from "@/lib/experiments/store/metric-query";
import { createExperimentSchema } from "@/lib/experiments/definition";
import type { ExperimentResultsSnapshot } from "@/lib/experiments/results-types";

let h: DbHandle;
let demoProjectId: string;
const anchor = new Date("2026-11-01T00:00:00Z");
const now = new Date("2026-11-02T00:00:00Z");

beforeAll(async () => {
  h = await createTestDb();
  // The demo generator on a small scale: same experiments, fewer users.
  const seeded = await seedDemo(h.db, { anchor, users: 320, days: 60 });
  demoProjectId = seeded.projectId;
}, DEMO_SEED_TIMEOUT);
afterAll(async () => h.close());

async function snapshotOf(key: string): Promise<ExperimentResultsSnapshot> {
  const [row] = await h.db
    .select({ snapshot: experimentResults.snapshot })
    .from(experimentResults)
    .innerJoin(experiments, eq(experiments.id, experimentResults.experimentId))
    .where(and(eq(experiments.projectId, demoProjectId), eq(experiments.key, key)));
  return row.snapshot;
}

describe("results job on the seeded demo experiments", () => {
  test("through the embedded runner: finds the true effect on thumbs-up rate, none in the A/A test", async () => {
    const runner = new EmbeddedRunner(h.db, [resultsJob], { log: () => {} });
    await runner.send({ name: EXPERIMENT_RESULTS_REQUESTED, data: { now: now.toISOString() }, id: "hourly-test" });
    await runner.drain();
    // The runner's run (the demo's own set-up passes are recorded too, under their own idempotency keys).
    const [run] = await h.db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.functionId, "experiment-results"), notLike(jobRuns.idempotencyKey, "demo set-up:%")));
    expect(run).toMatchObject({ status: "succeeded", attempts: 1 });
    // Every running demo experiment: the two product experiments and the recommendations' ranking experiment.
    const running = await h.db
      .select({ key: experiments.key })
      .from(experiments)
      .where(and(eq(experiments.projectId, demoProjectId), eq(experiments.status, "running")));
    expect(running.map((e) => e.key).sort()).toEqual(["aa-sanity-check", "prompt-warm-v2", "ranking-diversity"]);
    expect((run.result as { computed: unknown[] }).computed).toHaveLength(running.length);

    const prompt = await snapshotOf("prompt-warm-v2");
    expect(prompt.computedAt).toBe(now.toISOString());
    expect(prompt.srm.flagged).toBe(false);
    expect(prompt.exposures.every((e) => e.users > 100)).toBe(true);
    const thumbs = prompt.metrics.find((m) => m.metricKey === "thumbs_up_rate" && m.role === "goal")!;
    const treatment = thumbs.analysis!.treatments[0];
    expect(treatment.key).toBe("warm-v2");
    expect(treatment.lift!).toBeGreaterThan(0.08);
    expect(treatment.liftCI![0]!).toBeGreaterThan(0);
    expect(thumbs.adjustedPValues["warm-v2"]!).toBeLessThan(0.05);
    // The warmer prompt does not touch errors or latency: guardrails hold.
    expect(prompt.guardrails.length).toBe(2);
    expect(prompt.guardrails.every((g) => !g.breached)).toBe(true);

    const aa = await snapshotOf("aa-sanity-check");
    expect(aa.srm.flagged).toBe(false);
    const goals = aa.metrics.filter((m) => m.role === "goal");
    expect(goals).toHaveLength(2);
    for (const m of goals) {
      expect(m.analysis).not.toBeNull();
      expect(m.adjustedPValues.b!).toBeGreaterThan(0.05);
      const [lo, hi] = m.analysis!.treatments[0].liftCI!;
      expect(lo!).toBeLessThan(0);
      expect(hi!).toBeGreaterThan(0);
    }
  });

  test("cumulative daily series: backfilled from the start, one point per day, users never decrease, today's point matches the results", async () => {
    const [prompt] = await h.db
      .select({ id: experiments.id })
      .from(experiments)
      .where(and(eq(experiments.projectId, demoProjectId), eq(experiments.key, "prompt-warm-v2")));
    const rows = (await dailyResults(h.db, demoProjectId, prompt.id)).filter((r) => r.metricKey === "thumbs_up_rate" && r.variantKey === "warm-v2");
    expect(rows.length).toBeGreaterThan(20);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].day > rows[i - 1].day).toBe(true);
      expect(rows[i].n).toBeGreaterThanOrEqual(rows[i - 1].n);
      expect(rows[i].controlN).toBeGreaterThanOrEqual(rows[i - 1].controlN);
    }
    // Sequential intervals contain their lift; the job's run at `now` wrote that day's point from the same statistics.
    for (const r of rows.filter((x) => x.lift !== null && x.lower !== null && x.upper !== null)) {
      expect(r.lower!).toBeLessThanOrEqual(r.lift!);
      expect(r.upper!).toBeGreaterThanOrEqual(r.lift!);
    }
    const snapshot = await snapshotOf("prompt-warm-v2");
    const thumbs = snapshot.metrics.find((m) => m.metricKey === "thumbs_up_rate" && m.role === "goal")!;
    const today = rows.find((r) => r.day === now.toISOString().slice(0, 10))!;
    expect(today.n).toBe(thumbs.summaries.find((s) => s.key === "warm-v2")!.n);
    expect(today.lift!).toBeCloseTo(thumbs.analysis!.treatments[0].lift!, 9);
    // The cohort split adds up to the totals.
    for (const variant of thumbs.summaries) {
      const parts = thumbs.cohorts!.flatMap((c) => c.summaries.filter((s) => s.key === variant.key));
      expect(parts.reduce((a, s) => a + s.n, 0)).toBe(variant.n);
      expect(parts.reduce((a, s) => a + s.sum, 0)).toBeCloseTo(variant.sum, 9);
    }
    expect(thumbs.cohorts!.map((c) => c.cohort)).toEqual(expect.arrayContaining(["free", "pro"]));
  });

  test("as an Inngest function for one experiment on demand", async () => {
    const [aa] = await h.db
      .select({ id: experiments.id })
      .from(experiments)
      .where(and(eq(experiments.projectId, demoProjectId), eq(experiments.key, "aa-sanity-check")));
    const engine = new InngestTestEngine({ function: toInngestFunction(resultsJob) });
    const { result, error } = await engine.execute({
      events: [{ name: EXPERIMENT_RESULTS_REQUESTED, id: "on-demand-1", data: { projectId: demoProjectId, experimentId: aa.id, now: now.toISOString() } }],
    });
    expect(error).toBeUndefined();
    expect((result as { computed: Array<{ experimentId: string; srmFlagged: boolean }> }).computed).toEqual([
      expect.objectContaining({ experimentId: aa.id, srmFlagged: false }),
    ]);
  });
});

describe("metrics, exclusions, SRM and guardrails on hand-made data", () => {
  let org: SeededOrg;
  const t0 = new Date("2026-10-01T00:00:00Z");
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const actor = () => ({ userId: org.users.admin.id, email: org.users.admin.email, orgId: org.org.id, projectId: org.project.id });

  beforeAll(async () => {
    org = await seedOrg(h.db);
  });

  test("sufficient statistics respect the conversion window and exclude users seen in two variants", async () => {
    const exp = await createExperiment(h.db, actor(), experimentConfig({
      key: "window",
      name: "Window",
      variants: [
        { key: "a", weight: 0.5 },
        { key: "b", weight: 0.5 },
      ],
      goalMetrics: [{ key: "msgs", name: "Messages", type: "count", numerator: { events: ["message_sent"] }, windowHours: 1 }],
    }));
    await h.db.insert(experimentExposures).values([
      { projectId: org.project.id, experimentId: exp.id, userId: "u1", variantKey: "a", firstExposedAt: at(0) },
      { projectId: org.project.id, experimentId: exp.id, userId: "u2", variantKey: "b", firstExposedAt: at(0) },
      { projectId: org.project.id, experimentId: exp.id, userId: "u3", variantKey: "a", firstExposedAt: at(0) },
      { projectId: org.project.id, experimentId: exp.id, userId: "u3", variantKey: "b", firstExposedAt: at(5) },
    ]);
    const ev = (id: string, userId: string, minutes: number, name = "message_sent") => ({
      projectId: org.project.id,
      id,
      userId,
      name,
      timestamp: at(minutes),
    });
    await h.db.insert(events).values([
      ev("w1", "u1", -5), // before exposure: not counted
      ev("w2", "u1", 10),
      ev("w3", "u1", 50),
      ev("w4", "u1", 61), // after the 1 h window
      ev("w5", "u2", 30),
      ev("w6", "u2", 31, "feedback"), // another event name
      ev("w7", "u3", 10), // u3 saw both variants: excluded
    ]);
    const summaries = await metricSummaries(
      h.db,
      org.project.id,
      exp.id,
      createExperimentSchema.parse({ key: "x", name: "x", variants: exp.variants, goalMetrics: exp.goalMetrics }).goalMetrics,
      at(1000),
    );
    expect(summaries.get("msgs")).toEqual([
      { key: "a", n: 1, sum: 2, sumSquares: 4 },
      { key: "b", n: 1, sum: 1, sumSquares: 1 },
    ]);
    const snapshot = await computeExperimentResults(h.db, org.project.id, exp.id, { now: at(1000) });
    expect(snapshot.multipleExposureUsers).toBe(1);
    expect(snapshot.exposures).toEqual([
      { variantKey: "a", users: 1 },
      { variantKey: "b", users: 1 },
    ]);
  });

  test("a sample ratio mismatch is flagged", async () => {
    const exp = await createExperiment(h.db, actor(), experimentConfig({
      key: "srm",
      name: "SRM",
      variants: [
        { key: "a", weight: 0.5 },
        { key: "b", weight: 0.5 },
      ],
      goalMetrics: ["messages_per_user"],
    }));
    const rows = Array.from({ length: 300 }, (_, i) => ({
      projectId: org.project.id,
      experimentId: exp.id,
      userId: `srm-${i}`,
      variantKey: i < 200 ? "a" : "b",
      firstExposedAt: at(0),
    }));
    await h.db.insert(experimentExposures).values(rows);
    const snapshot = await computeExperimentResults(h.db, org.project.id, exp.id, { now: at(100) });
    expect(snapshot.srm.flagged).toBe(true);
    expect(snapshot.srm.pValue!).toBeLessThan(0.001);
  });

  test("a harmful treatment breaches its guardrail: recorded and audited, auto-stopped at the second breached check", async () => {
    const exp = await createExperiment(h.db, actor(), experimentConfig({
      key: "risky-model",
      name: "Risky model",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "risky", weight: 0.5 },
      ],
      goalMetrics: ["messages_per_user"],
      guardrails: [{ metric: "error_rate", threshold: 0.05 }],
      autoStop: true,
    }));
    await h.db.update(experiments).set({ status: "running", startedAt: at(0) }).where(eq(experiments.id, exp.id));
    const users = Array.from({ length: 400 }, (_, i) => ({ userId: `g-${i}`, variantKey: i % 2 === 0 ? "control" : "risky" }));
    await h.db.insert(experimentExposures).values(
      users.map((u) => ({ projectId: org.project.id, experimentId: exp.id, ...u, firstExposedAt: at(0) })),
    );
    // Each user sends 10 messages; the risky model fails 3 to 5 of them (~40%), the control one message of every 4th user.
    const rows = users.flatMap((u, i) =>
      Array.from({ length: 10 }, (_, m) => {
        const failed = u.variantKey === "risky" ? m < 3 + (i % 3) : m === 9 && i % 4 === 0;
        return { projectId: org.project.id, id: `g-${i}-${m}`, userId: u.userId, name: failed ? "error" : "message_sent", timestamp: at(10 + m) };
      }),
    );
    await h.db.insert(events).values(rows);

    const first = await computeExperimentResults(h.db, org.project.id, exp.id, { now: at(100) });
    const check = first.guardrails.find((g) => g.metricKey === "error_rate")!;
    expect(check).toMatchObject({ variantKey: "risky", breached: true });
    expect(check.bound!).toBeGreaterThan(0.05);
    expect(first.breachStreak).toBe(1);
    expect(first.autoStopped).toBe(false);
    let [row] = await h.db.select().from(experiments).where(eq(experiments.id, exp.id));
    expect(row.status).toBe("running");

    const second = await computeExperimentResults(h.db, org.project.id, exp.id, { now: at(160) });
    expect(second.breachStreak).toBe(2);
    expect(second.autoStopped).toBe(true);
    [row] = await h.db.select().from(experiments).where(eq(experiments.id, exp.id));
    expect(row.status).toBe("stopped");
    expect(row.stoppedReason).toMatch(/guardrail/);

    const breaches = await h.db.select().from(experimentGuardrailBreaches).where(eq(experimentGuardrailBreaches.experimentId, exp.id));
    expect(breaches.map((b) => b.streak).sort()).toEqual([1, 2]);
    const audit = await h.db.select().from(auditLog).where(and(eq(auditLog.orgId, org.org.id), eq(auditLog.targetId, "risky-model")));
    const actions = audit.map((a) => a.action);
    expect(actions.filter((a) => a === "experiment.guardrail_breached")).toHaveLength(2);
    expect(actions).toContain("experiment.auto_stopped");
    expect(audit.find((a) => a.action === "experiment.guardrail_breached" && a.details.firstNotice === true)).toBeDefined();

    // The owner (creator) is notified on the first breach and on the auto-stop; the list counts them until acknowledged.
    const notices = await listNotifications(h.db, org.project.id, exp.id);
    expect(notices.map((n) => n.kind)).toEqual(["auto_stopped", "guardrail_breached"]);
    expect(notices.every((n) => n.recipientEmail === org.users.admin.email)).toBe(true);
    expect(notices[1].message).toMatch(/error_rate in risky/);
    const listed = (await listExperiments(h.db, org.project.id)).find((e) => e.key === "risky-model")!;
    expect(listed.pendingNotifications).toBe(2);
    expect(await acknowledgeNotifications(h.db, actor(), "risky-model")).toBe(2);
    expect((await listExperiments(h.db, org.project.id)).find((e) => e.key === "risky-model")!.pendingNotifications).toBe(0);
  });
});
