// Saved cohorts as a monitoring dimension: the rollups job writes each cohort's series, the anomaly feed names it and
// links to its traces, and an alert rule can watch one cohort instead of the project total. Real route handlers on a
// real database; alert deliveries go to a recording transport.
import { beforeAll, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { events, metricRollups, monitoringAnomalies, traces } from "@/db/schema";
import { recomputeRollups } from "@/lib/monitoring/store/recompute-rollups";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate";
import * as cohortsRoute from "@/app/api/v1/cohorts/route";
import * as refreshRoute from "@/app/api/v1/cohorts/[id]/refresh/route";
import * as rulesRoute from "@/app/api/v1/monitoring/alert-rules/route";
import * as anomaliesRoute from "@/app/api/v1/monitoring/anomalies/route";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const hour = new Date("2026-11-20T10:00:00Z");
const at = (minutes: number) => new Date(hour.getTime() + minutes * 60_000);
let cohortId = "";

beforeAll(async () => {
  const p = t.org.project.id;
  // Members m1, m2: 5 messages and 3 errors between them; others o1..o3: 9 messages and 1 error.
  const plan: Record<string, [messages: number, errors: number]> = { m1: [3, 2], m2: [2, 1], o1: [4, 0], o2: [3, 1], o3: [2, 0] };
  await t.h.db.insert(events).values(
    Object.entries(plan).flatMap(([userId, [messages, errors]]) => [
      ...Array.from({ length: messages }, (_, k) => ({ projectId: p, id: `${userId}-m${k}`, userId, name: "message_sent", timestamp: at(k) })),
      ...Array.from({ length: errors }, (_, k) => ({ projectId: p, id: `${userId}-e${k}`, userId, name: "error", timestamp: at(30 + k) })),
    ]),
  );
  await t.h.db.insert(traces).values([
    { projectId: p, id: "tm1", userId: "m1", timestamp: at(5), latencyMs: 900, totalCost: 0.5, level: "ERROR" },
    { projectId: p, id: "to1", userId: "o1", timestamp: at(6), latencyMs: 100, totalCost: 0.1 },
    { projectId: p, id: "to2", userId: "o2", timestamp: at(7), latencyMs: 120, totalCost: 0.1 },
  ]);
  cohortId = (await call(cohortsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "Trial users", definition: { static: ["m1", "m2"] } } })).json.id;
  await call(refreshRoute.POST, "/x", { method: "POST", headers: key(), params: { id: cohortId } });
  await recomputeRollups(t.h.db, p, "hour", hour, at(60));
});

async function rollup(metric: string, dimension: string, dimensionValue: string) {
  const [row] = await t.h.db
    .select({ value: metricRollups.value, count: metricRollups.count })
    .from(metricRollups)
    .where(and(eq(metricRollups.projectId, t.org.project.id), eq(metricRollups.granularity, "hour"), eq(metricRollups.metric, metric), eq(metricRollups.dimension, dimension), eq(metricRollups.dimensionValue, dimensionValue)));
  return row;
}

test("the rollups carry each saved cohort's own series of event and trace metrics", async () => {
  expect(await rollup("messages", "cohort", cohortId)).toEqual({ value: 5, count: 5 });
  expect(await rollup("active_users", "cohort", cohortId)).toEqual({ value: 2, count: 2 });
  expect(await rollup("error_rate", "cohort", cohortId)).toEqual({ value: 3 / 8, count: 8 });
  expect(await rollup("requests", "cohort", cohortId)).toEqual({ value: 1, count: 1 });
  expect(await rollup("request_error_rate", "cohort", cohortId)).toEqual({ value: 1, count: 1 });
  // The project total is unchanged by the extra series.
  expect(await rollup("messages", "all", "all")).toEqual({ value: 14, count: 14 });
  expect(await rollup("error_rate", "all", "all")).toEqual({ value: 4 / 18, count: 18 });
  expect(await rollup("requests", "all", "all")).toEqual({ value: 3, count: 3 });
});

test("an alert rule watching one cohort fires on that cohort's series, not the project total", async () => {
  const create = (body: Record<string, unknown>) =>
    call(rulesRoute.POST, "/api/v1/monitoring/alert-rules", { method: "POST", as: t.org.users.analyst.id, body: { webhookUrl: "https://93.184.216.34/hook", ...body } });
  const bad = await create({ name: "x", condition: "above", metric: "error_rate", threshold: 0.3, dimension: "cohort" });
  expect(bad.status).toBe(400);
  expect(bad.json.error.message).toContain("dimension and dimensionValue together");
  const unknown = await create({ name: "x", condition: "above", metric: "error_rate", threshold: 0.3, dimension: "cohort", dimensionValue: "not-a-cohort" });
  expect(unknown.status).toBe(400);
  expect(unknown.json.error.message).toContain("no saved cohort");
  expect((await create({ name: "x", condition: "above", metric: "error_rate", threshold: 0.3, dimension: "planet", dimensionValue: "mars" })).status).toBe(400);

  // 3/8 = 37.5% in the cohort, 4/18 = 22% overall: a 30% threshold is crossed by the cohort only.
  expect((await create({ name: "Trial errors", condition: "above", metric: "error_rate", threshold: 0.3, dimension: "cohort", dimensionValue: cohortId })).status).toBe(201);
  expect((await create({ name: "All errors", condition: "above", metric: "error_rate", threshold: 0.3 })).status).toBe(201);
  const sent: string[] = [];
  const fetch = async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body).text);
    return { status: 200, ok: true };
  };
  await evaluateAlerts(t.h.db, t.org.project.id, at(70), { fetch, mailer: null });
  expect(sent).toHaveLength(1);
  expect(sent[0]).toContain('"Trial errors"');
  expect(sent[0]).toContain("(cohort Trial users) was 0.3750");
});

test("a cohort anomaly is named by the cohort and links to the cohort's traces", async () => {
  await t.h.db.insert(monitoringAnomalies).values({
    projectId: t.org.project.id, metric: "error_rate", granularity: "hour", dimension: "cohort", dimensionValue: cohortId,
    timestamp: hour, value: 0.375, expected: 0.05, lower: 0, upper: 0.12, score: 9, direction: "up", kind: "spike", severity: "high", detectedAt: at(61),
  });
  const res = await call(anomaliesRoute.GET, "/api/v1/monitoring/anomalies?dimension=cohort&from=2026-01-01&to=2026-12-31", { as: t.org.users.viewer.id });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  const [item] = res.json.data;
  expect(item.seriesLabel).toBe("cohort Trial users");
  expect(new URL(item.links.traces, "http://x").searchParams.get("cohort")).toBe(cohortId);
});
