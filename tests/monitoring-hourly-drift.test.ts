import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { call, seededDatabase } from "./support/fixtures";
import { metricRollups, monitoringAnomalies, monitoringDriftRuns, observations } from "@/db/schema";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { detectProjectHourlyAnomalies } from "@/lib/monitoring/store/detection";
import { MONITORING_DRIFT_REQUESTED, monitoringDrift } from "@/inngest/functions/monitoring-drift";
import * as anomaliesRoute from "@/app/api/v1/monitoring/anomalies/route";
import * as reviewRoute from "@/app/api/v1/monitoring/anomalies/[id]/review/route";

const t = seededDatabase();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date(Date.UTC(2026, 10, 20, 12, 20));
const lastHour = Math.floor(now.getTime() / HOUR) * HOUR - HOUR; // the newest complete hour

/** `days` of hourly rollups ending with the last complete hour: a daily cycle, weekday/weekend levels, small noise. */
function hourly(metric: string, days: number, effect: (hoursAgo: number) => number = () => 1) {
  let s = metric.length * 7919;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: days * 24 }, (_, k) => {
    const hoursAgo = days * 24 - 1 - k;
    const ts = lastHour - hoursAgo * HOUR;
    const h = new Date(ts).getUTCHours();
    const weekend = [0, 6].includes(new Date(ts).getUTCDay()) ? 0.7 : 1;
    const value = 400 * (1 + 0.4 * Math.sin((2 * Math.PI * h) / 24)) * weekend * (1 + 0.06 * (rnd() - 0.5)) * effect(hoursAgo);
    return { projectId: t.org.project.id, metric, granularity: "hour" as const, bucketStart: new Date(ts), value: Math.round(value), count: 1 };
  });
}

test("hourly detection scores the last 24 hours against the history, stores hourly anomalies once, and skips short series", async () => {
  const pid = t.org.project.id;
  const rows = [
    ...hourly("requests", 28, (ago) => (ago === 5 ? 3 : 1)), // a spike 5 hours ago
    ...hourly("requests", 28, (ago) => (ago === 30 * 24 ? 3 : 1)).map((r) => ({ ...r, metric: "tokens" })), // quiet
    ...hourly("messages", 2), // too little hourly history: left to the daily scan
  ];
  for (let i = 0; i < rows.length; i += 1000) await t.h.db.insert(metricRollups).values(rows.slice(i, i + 1000));
  // A daily anomaly at the very same start time and kind must not collide with the hourly one.
  const spikeAt = new Date(lastHour - 5 * HOUR);
  await t.h.db.insert(monitoringAnomalies).values({
    projectId: pid, metric: "requests", granularity: "day", timestamp: spikeAt, value: 1, expected: 1, lower: 0, upper: 2, score: 5,
    direction: "up", kind: "spike", severity: "low",
  });

  const summary = await detectProjectHourlyAnomalies(t.h.db, pid, now);
  expect(summary).toMatchObject({ series: 2, skipped: 1, since: new Date(lastHour - 23 * HOUR).toISOString() });
  const stored = await t.h.db.select().from(monitoringAnomalies).where(and(eq(monitoringAnomalies.projectId, pid), eq(monitoringAnomalies.granularity, "hour")));
  expect(stored.map((a) => [a.metric, a.timestamp.toISOString(), a.kind, a.direction])).toEqual([["requests", spikeAt.toISOString(), "spike", "up"]]);
  expect(stored[0].value).toBeGreaterThan(stored[0].upper);

  // Rerun (the next hour scores an overlapping day): nothing is duplicated, a review survives.
  await t.h.db.update(monitoringAnomalies).set({ status: "acknowledged" }).where(eq(monitoringAnomalies.id, stored[0].id));
  await detectProjectHourlyAnomalies(t.h.db, pid, now);
  await detectProjectHourlyAnomalies(t.h.db, pid, new Date(now.getTime() + HOUR));
  const again = await t.h.db.select().from(monitoringAnomalies).where(and(eq(monitoringAnomalies.projectId, pid), eq(monitoringAnomalies.metric, "requests")));
  expect(again.filter((a) => a.granularity === "hour")).toHaveLength(1);
  expect(again.find((a) => a.granularity === "hour")?.status).toBe("acknowledged");
  expect(again.filter((a) => a.granularity === "day")).toHaveLength(1);

  // The feed shows it as an hourly anomaly, with an hourly sparkline and a one-hour traces window.
  const feed = await call(anomaliesRoute.GET, "/api/v1/monitoring/anomalies?metric=requests&from=2026-01-01&to=2026-12-31", { as: t.org.users.viewer.id });
  const item = feed.json.data.find((a: { granularity: string }) => a.granularity === "hour");
  expect(item.links.traces).toBe(`/traces?from=${encodeURIComponent(spikeAt.toISOString())}&to=${encodeURIComponent(new Date(spikeAt.getTime() + HOUR).toISOString())}`);
  expect(item.sparkline.length).toBeGreaterThanOrEqual(15); // 14 hours before it, it, and the hours since
  expect(item.links.drift).toBeNull();
}, 60_000);

/** LLM generations per day: prompts of `words` words, a model, tool use off. */
async function generations(day: Date, count: number, words: number, model: string) {
  const rows = Array.from({ length: count }, (_, i) => ({
    projectId: t.org.project.id,
    traceId: `drift-${day.toISOString().slice(0, 10)}-${i}`,
    id: `gen-${i}`,
    type: "generation" as const,
    name: "chat",
    startTime: new Date(day.getTime() + (i % 24) * HOUR + i * 1000),
    model,
    usageInput: words * 2 + (i % 5),
    usageOutput: 40 + (i % 7),
    input: [{ role: "user", content: `${"please summarise this ticket about billing ".repeat(Math.ceil(words / 6)).slice(0, words * 6)} #${i}` }],
    output: `Summary ${i}: the customer asked about an invoice.`,
  }));
  await t.h.db.insert(observations).values(rows);
}

test("the daily drift run is stored once per day and its drifted features reach the feed with a link to the report", async () => {
  const pid = t.org.project.id;
  const runDay = new Date(Date.UTC(2026, 10, 16));
  // Baseline week: short prompts on model A; current week: long prompts on model B.
  for (let d = 14; d >= 1; d--) {
    const day = new Date(runDay.getTime() - d * DAY);
    if (d > 7) await generations(day, 12, 8, "model-a");
    else await generations(day, 12, 40, "model-b");
  }
  const runner = new EmbeddedRunner(t.h.db, [monitoringDrift], { log: () => {} });
  const send = async (id: string, at: Date) => {
    await runner.send({ name: MONITORING_DRIFT_REQUESTED, data: { projectId: pid, now: at.toISOString() }, id });
    await runner.drain();
  };
  await send("drift-test-1", new Date(runDay.getTime() + 40 * 60_000));
  await send("drift-test-2", new Date(runDay.getTime() + 5 * HOUR)); // a rerun the same day

  const runs = await t.h.db.select().from(monitoringDriftRuns).where(eq(monitoringDriftRuns.projectId, pid));
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ day: runDay, baselineRecords: 84, currentRecords: 84, drifted: true });
  expect(runs[0].driftedFeatures).toEqual(expect.arrayContaining(["promptLength", "inputTokens", "model"]));
  expect(runs[0].driftedFeatures).not.toContain("outputTokens");

  const drift = await t.h.db.select().from(monitoringAnomalies).where(and(eq(monitoringAnomalies.projectId, pid), eq(monitoringAnomalies.kind, "drift")));
  expect(drift.map((a) => a.metric).sort()).toEqual(runs[0].driftedFeatures.map((f) => `drift.${f}`).sort());
  const feed = await call(anomaliesRoute.GET, "/api/v1/monitoring/anomalies?limit=200&from=2026-01-01&to=2026-12-31", { as: t.org.users.viewer.id });
  const model = feed.json.data.find((a: { metric: string }) => a.metric === "drift.model");
  expect(model).toMatchObject({ kind: "drift", metricLabel: "Drift in model mix", granularity: "day", timestamp: runDay.toISOString() });
  expect(model.links.drift).toBe("/monitoring/drift?day=2026-11-16");
  // Chi-square on model names: the p-value is what crossed the threshold (below 0.05).
  expect(model).toMatchObject({ dimension: "test", dimensionValue: "chisquare", direction: "down", expected: 0.05 });
  expect(model.value).toBeLessThan(0.05);
  expect(["high", "critical"]).toContain(model.severity);
  expect(model.sparkline).toEqual([{ timestamp: runDay.toISOString(), value: model.value }]);
  // Drift metrics have no detector threshold: they are not in the sensitivity table, and a review does not tune.
  expect(feed.json.metrics.some((m: { metric: string }) => m.metric.startsWith("drift."))).toBe(false);
  const review = await call(reviewRoute.POST, `/api/v1/monitoring/anomalies/${model.id}/review`, {
    method: "POST", as: t.org.users.analyst.id, params: { id: model.id }, body: { status: "confirmed" },
  });
  expect(review.status).toBe(200);
  expect(review.json.tuning).toBeNull();
}, 60_000);

test("an outage that goes on across hourly runs is one incident: the next run updates the same row, keeps its review, stores nothing twice", async () => {
  const pid = t.org.project.id;
  const staging = (rows: ReturnType<typeof hourly>) => rows.map((r) => ({ ...r, dimension: "environment", dimensionValue: "staging" }));
  // Traffic falls to a fifth 3 hours before the last complete hour, and stays there.
  const down = (ago: number) => (ago <= 2 ? 0.2 : 1);
  const rows = staging(hourly("requests", 14, down));
  for (let i = 0; i < rows.length; i += 1000) await t.h.db.insert(metricRollups).values(rows.slice(i, i + 1000));
  const series = and(eq(monitoringAnomalies.projectId, pid), eq(monitoringAnomalies.dimensionValue, "staging"), eq(monitoringAnomalies.granularity, "hour"));

  await detectProjectHourlyAnomalies(t.h.db, pid, now);
  const first = await t.h.db.select().from(monitoringAnomalies).where(series);
  expect(first).toHaveLength(1);
  expect(first[0]).toMatchObject({ timestamp: new Date(lastHour - 2 * HOUR), direction: "down" });
  expect(first[0].points).toBeGreaterThanOrEqual(1);
  expect(first[0].value).toBeLessThan(first[0].lower);
  await t.h.db.update(monitoringAnomalies).set({ status: "acknowledged" }).where(eq(monitoringAnomalies.id, first[0].id));

  // An hour later, one more low hour: the same incident (a level that is no longer news); nothing new for the alert rules.
  const next = staging(hourly("requests", 14, down)).at(-1)!;
  await t.h.db.insert(metricRollups).values({ ...next, bucketStart: new Date(lastHour + HOUR) });
  await detectProjectHourlyAnomalies(t.h.db, pid, new Date(now.getTime() + HOUR));
  const second = await t.h.db.select().from(monitoringAnomalies).where(series);
  expect(second).toHaveLength(1);
  expect(second[0]).toMatchObject({ id: first[0].id, status: "acknowledged", detectedAt: first[0].detectedAt });
  expect(second[0].endedAt!.getTime()).toBeGreaterThanOrEqual(first[0].endedAt!.getTime());
});
