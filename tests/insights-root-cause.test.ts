// Root cause analysis through its routes on generated data whose answer is known: an injected segment ranks first,
// a mix shift is attributed to the mix, a two-dimension incident to the pair, and an anomaly's root cause is stored.
import { beforeAll, describe, expect, test } from "vitest";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { expectedCandidate, type Incident, seedIncident } from "./support/insights-incidents";
import { and, eq, sql } from "drizzle-orm";
import { createCohort } from "@/lib/cohorts/store/cohorts";
import { refreshCohort } from "@/lib/cohorts/store/refresh";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { RootCauseView } from "@/components/insights/root-cause-view";
import { anomalyRootCauses, jobRuns, metricRollups, monitoringAnomalies } from "@/db/schema";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { detectProjectAnomalies } from "@/lib/monitoring/store/detection";
import { insightsRootCause } from "@/inngest/functions/insights-root-cause";
import { POST as rootCause } from "@/app/api/v1/insights/root-cause/route";
import { POST as postMetrics } from "@/app/api/v1/metrics/route";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import { anomalyAnalysis } from "@/lib/insights/root-cause/anomaly-windows";
import { explorerMetrics } from "@/lib/insights/root-cause/metrics";
import { recentCustomMetricNames } from "@/lib/insights/store/segments";
import { GET as anomalyRootCauseRoute } from "@/app/api/v1/monitoring/anomalies/[id]/root-cause/route";
import { GET as getSettings, PUT as putSettings } from "@/app/api/v1/insights/settings/route";

const t = seededDatabase();
const DAY = 86_400_000;
const currentFrom = new Date("2026-11-20T00:00:00Z");
const windows = {
  current: { from: currentFrom.toISOString(), to: new Date(currentFrom.getTime() + DAY).toISOString() },
  baseline: { from: new Date(currentFrom.getTime() - 2 * DAY).toISOString(), to: currentFrom.toISOString() },
};

/** A fresh organization (own project and key) holding one incident. */
async function withIncident(incident: Incident, seed: number) {
  const org = await seedOrg(t.h.db);
  await seedIncident(t.h.db, org.project.id, incident, { currentFrom, baselineDays: 2, perDay: 500, seed });
  return org;
}

describe("POST /api/v1/insights/root-cause", () => {
  let errorOrg: Awaited<ReturnType<typeof seedOrg>>;
  beforeAll(async () => {
    errorOrg = await withIncident({ kind: "error_rate", segment: { prompt_version: "v3" } }, 11);
  });

  test("ranks the segment whose error rate rose first, with most of the change, a link to its traces and the shared shape", async () => {
    const res = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: bearer(errorOrg.apiKey.secretKey), body: { metric: "error_rate", ...windows } });
    expect(res.status).toBe(200);
    const [top] = res.json.candidates;
    expect({ dimension: top.dimension, value: top.value }).toEqual({ dimension: "prompt_version", value: "v3" });
    expect(top.contribution).toBeGreaterThan(0.6);
    expect(top.current).toBeGreaterThan(top.baseline * 3);
    expect(top.evidence.effect).toBe("rate");
    expect(top.links.traces).toContain("level=ERROR");
    expect(res.json.current.value).toBeGreaterThan(res.json.baseline.value);
    for (const c of res.json.candidates) expect(c.contribution >= 0 && c.contribution <= 1).toBe(true);
    expect(res.json.method).toMatch(/Adtributor/);
  });

  test("the root cause view lists the injected segment first with its share, values and trace link; no candidates is an honest empty state", async () => {
    const res = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: bearer(errorOrg.apiKey.secretKey), body: { metric: "error_rate", ...windows } });
    const html = renderToStaticMarkup(createElement(RootCauseView, { result: res.json }));
    const firstRow = html.slice(html.indexOf("<tbody>"), html.indexOf("</tr>", html.indexOf("<tbody>")));
    expect(firstRow).toContain('data-dimension="prompt_version"');
    expect(firstRow).toContain("<strong>v3</strong>");
    expect(firstRow).toContain(`${Math.round(res.json.candidates[0].contribution * 100)}%`);
    expect(firstRow).toMatch(/href="\/traces\?[^"]*level=ERROR/);
    const empty = renderToStaticMarkup(createElement(RootCauseView, { result: { ...res.json, candidates: [], changeEvents: [] } }));
    expect(empty).toContain("No segment explains at least 10% of this change");
    expect(empty).not.toContain("<table");
  });

  test("a signed-in viewer gets the same answer; a member (no insights permission) is refused", async () => {
    const viewer = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", as: errorOrg.users.viewer.id, body: { metric: "error_rate", ...windows } });
    expect(viewer.status).toBe(200);
    expect(viewer.json.candidates[0].value).toBe("v3");
    const member = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", as: errorOrg.users.member.id, body: { metric: "error_rate", ...windows } });
    expect(member.status).toBe(403);
  });

  test("bad input is a 400 naming the field", async () => {
    const key = bearer(errorOrg.apiKey.secretKey);
    const bad = async (body: unknown) => (await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: key, body })).json.error.message as string;
    expect(await bad({ ...windows, metric: "vibes" })).toMatch(/metric/);
    expect(await bad({ metric: "cost", current: windows.current, baseline: { from: "yesterday", to: windows.baseline.to } })).toMatch(/baseline/);
    expect(await bad({ metric: "cost", current: windows.current, baseline: windows.current })).toMatch(/baseline: must not overlap/);
    expect(await bad({ metric: "sessions", ...windows, dimensions: ["model"] })).toMatch(/dimensions: model does not apply/);
    expect(await bad({ metric: "cost", ...windows, dimensions: ["meta:bad key"] })).toMatch(/dimensions/);
  });

  test("a mix shift with no segment's own rate changing is attributed to the mix", async () => {
    const org = await withIncident({ kind: "mix", segment: { model: "llama-3" } }, 12);
    const res = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: bearer(org.apiKey.secretKey), body: { metric: "error_rate", ...windows } });
    const [top] = res.json.candidates;
    expect({ dimension: top.dimension, value: top.value }).toEqual({ dimension: "model", value: "llama-3" });
    expect(top.evidence.effect).toBe("mix");
    const model = res.json.decomposition.find((d: { dimension: string }) => d.dimension === "model");
    expect(Math.abs(model.mixEffect)).toBeGreaterThan(3 * Math.abs(model.rateEffect));
  });

  test("a two-dimension incident is attributed to the pair, not to either value alone", async () => {
    const incident: Incident = { kind: "two_dimension", segment: { model: "gpt-4o", environment: "staging" } };
    const org = await withIncident(incident, 13);
    const res = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: bearer(org.apiKey.secretKey), body: { metric: "error_rate", ...windows } });
    const [top] = res.json.candidates;
    expect({ dimension: top.dimension, value: top.value }).toEqual(expectedCandidate(incident));
  });

  test("a latency incident explains the p95 through the slow segment, showing each window's percentile", async () => {
    const org = await withIncident({ kind: "latency_p95", segment: { country: "DE" } }, 14);
    const res = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: bearer(org.apiKey.secretKey), body: { metric: "latency_p95", ...windows } });
    const [top] = res.json.candidates;
    expect({ dimension: top.dimension, value: top.value }).toEqual({ dimension: "country", value: "DE" });
    expect(top.current).toBeGreaterThan(2 * top.baseline);
    expect(res.json.attributed).toMatch(/slower than the baseline p95/);
  });
});

describe("anomaly root cause and settings", () => {
  test("an anomaly's root cause is computed, stored and served to a key or a session; unknown ids are 404", async () => {
    const org = await withIncident({ kind: "cost", segment: { trace_name: "sql-agent" } }, 15);
    const [anomaly] = await t.h.db
      .insert(monitoringAnomalies)
      .values({ projectId: org.project.id, metric: "cost", granularity: "day", timestamp: currentFrom, value: 3, expected: 1, lower: 0.5, upper: 1.5, score: 5, direction: "up", kind: "spike", severity: "high" })
      .returning();
    const url = `/api/v1/monitoring/anomalies/${anomaly.id}/root-cause`;
    const res = await call(anomalyRootCauseRoute, url, { headers: bearer(org.apiKey.secretKey), params: { id: anomaly.id } });
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("ready");
    expect(res.json.result.candidates[0]).toMatchObject({ dimension: "trace_name", value: "sql-agent" });
    const again = await call(anomalyRootCauseRoute, url, { as: org.users.viewer.id, params: { id: anomaly.id } });
    expect(again.json.computedAt).toBe(res.json.computedAt);
    const other = await call(anomalyRootCauseRoute, url, { headers: bearer(t.org.apiKey.secretKey), params: { id: anomaly.id } });
    expect(other.status).toBe(404);
  });

  test("metadata keys marked as dimensions are analysed; a bad key is refused and nothing changes", async () => {
    const org = t.org;
    const put = await call(putSettings, "/api/v1/insights/settings", { method: "PUT", as: org.users.analyst.id, body: { dimensionKeys: ["prompt_version"] } });
    expect(put.status).toBe(200);
    const bad = await call(putSettings, "/api/v1/insights/settings", { method: "PUT", as: org.users.analyst.id, body: { dimensionKeys: ["no spaces"] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/dimensionKeys/);
    const got = await call(getSettings, "/api/v1/insights/settings", { headers: bearer(org.apiKey.secretKey) });
    expect(got.json.dimensionKeys).toEqual(["prompt_version"]);
    const viewerPut = await call(putSettings, "/api/v1/insights/settings", { method: "PUT", as: org.users.viewer.id, body: { dimensionKeys: [] } });
    expect(viewerPut.status).toBe(403);
  });

  test("a saved cohort is a dimension: its members' error rate rise is attributed to it, figures checked by hand", async () => {
    const org = await seedOrg(t.h.db);
    const p = org.project.id;
    // 10 users, 10 traces each per day. Baseline day: 1 error per user (10%). Current day: u0 and u1 (the cohort)
    // fail 6 of 10, the others still 1. Total 10% → 20%; the cohort 2/20 = 10% → 12/20 = 60% at an unchanged 20% share,
    // so its rate effect 0.2 × (0.6 − 0.1) = 0.1 is the whole change, and "not in Power users" (8/80 both days) none.
    await t.h.db.execute(sql`insert into traces (project_id, id, name, user_id, environment, timestamp, has_root, latency_ms, level)
      select ${p}::uuid, 'c' || d || '-' || u || '-' || i, 'chat', 'u' || u, 'production',
        ${currentFrom.toISOString()}::timestamptz + (d - 1) * interval '1 day' + (u * 10 + i) * interval '1 minute', true, 500,
        case when i < case when d = 1 and u < 2 then 6 else 1 end then 'ERROR' else 'DEFAULT' end
      from generate_series(0, 1) d, generate_series(0, 9) u, generate_series(0, 9) i`);
    const cohort = await createCohort(t.h.db, p, { name: "Power users", definition: { static: ["u0", "u1"] } });
    await refreshCohort(t.h.db, p, cohort.id, new Date());
    const dimension = `cohort:${cohort.id}`;
    const body = { metric: "error_rate", current: windows.current, baseline: { from: new Date(currentFrom.getTime() - DAY).toISOString(), to: windows.current.from }, dimensions: [dimension, "environment"] };
    const res = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: bearer(org.apiKey.secretKey), body });
    expect(res.status).toBe(200);
    expect(res.json.baseline.value).toBeCloseTo(0.1, 12);
    expect(res.json.current.value).toBeCloseTo(0.2, 12);
    const [top] = res.json.candidates;
    expect({ dimension: top.dimension, value: top.value }).toEqual({ dimension, value: "Power users" });
    expect(top.baseline).toBeCloseTo(0.1, 12);
    expect(top.current).toBeCloseTo(0.6, 12);
    expect(top.contribution).toBeCloseTo(1, 6);
    expect(res.json.decomposition.find((d: { dimension: string }) => d.dimension === dimension)).toMatchObject({ rateEffect: expect.closeTo(0.1, 9), mixEffect: expect.closeTo(0, 9) });
    expect(res.json.candidates.find((c: { value: string }) => c.value === "not in Power users")?.contribution ?? 0).toBeCloseTo(0, 9);
    // Another project's cohort, or none: 422; not an id: 400.
    const other = await createCohort(t.h.db, t.org.project.id, { name: "Elsewhere", definition: { static: ["u0"] } });
    const foreign = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: bearer(org.apiKey.secretKey), body: { ...body, dimensions: [`cohort:${other.id}`] } });
    expect(foreign.status).toBe(422);
    expect(foreign.json.error.message).toMatch(/not a saved cohort/);
    const malformed = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: bearer(org.apiKey.secretKey), body: { ...body, dimensions: ["cohort:power"] } });
    expect(malformed.status).toBe(400);
  });

  test("a custom metric (sent with POST /api/v1/metrics) is explained by its points' dimensions, figures checked by hand", async () => {
    const org = await seedOrg(t.h.db);
    const key = bearer(org.apiKey.secretKey);
    // Baseline day: 10 points per region at 100 ms. Current day: eu at 300 ms, us still 100. Mean 100 → 200; eu's share
    // stays 1/2, so its rate effect 0.5 × (300 − 100) = 100 is the whole change.
    const points = ["eu", "us"].flatMap((region) =>
      [0, 1].flatMap((d) => Array.from({ length: 10 }, (_, i) => ({ metric: "checkout_ms", timestamp: new Date(currentFrom.getTime() + (d - 1) * DAY + (i * 60 + (region === "eu" ? 7 : 0)) * 60_000).toISOString(), value: d === 1 && region === "eu" ? 300 : 100, dimensions: { region, shard: `s${i % 2}` } }))),
    );
    const sent = await call(postMetrics, "/api/v1/metrics", { method: "POST", headers: key, body: { points } });
    expect(sent.status).toBeLessThan(300);
    // The explorer offers it, as the name the API takes, only while it has recent points.
    const offered = explorerMetrics(await recentCustomMetricNames(t.h.db, org.project.id, new Date(currentFrom.getTime() - DAY)));
    expect(offered.at(-1)).toEqual({ name: "custom:checkout_ms", label: "checkout_ms (custom metric, mean of points)" });
    expect(await recentCustomMetricNames(t.h.db, org.project.id, new Date(currentFrom.getTime() + 2 * DAY))).toEqual([]);
    const body = { metric: "custom:checkout_ms", current: windows.current, baseline: { from: new Date(currentFrom.getTime() - DAY).toISOString(), to: windows.current.from } };
    const res = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: key, body });
    expect(res.status).toBe(200);
    expect(res.json.label).toBe("checkout_ms (mean of points)");
    expect(res.json.dimensions).toEqual(["meta:region", "meta:shard"]);
    expect(res.json.baseline).toMatchObject({ value: 100, count: 20 });
    expect(res.json.current).toMatchObject({ value: 200, count: 20 });
    const [top] = res.json.candidates;
    expect({ dimension: top.dimension, value: top.value, baseline: top.baseline, current: top.current }).toEqual({ dimension: "meta:region", value: "eu", baseline: 100, current: 300 });
    expect(top.contribution).toBeCloseTo(1, 6);
    expect(res.json.decomposition.find((d: { dimension: string }) => d.dimension === "meta:region")).toMatchObject({ rateEffect: expect.closeTo(100, 9), mixEffect: expect.closeTo(0, 9) });
    // No such metric: 404; a built-in dimension, a cohort or a bad name: 400.
    const missing = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: key, body: { ...body, metric: "custom:nope" } });
    expect(missing.status).toBe(404);
    const modelDim = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: key, body: { ...body, dimensions: ["model"] } });
    expect(modelDim.status).toBe(400);
    expect(modelDim.json.error.message).toMatch(/dimensions: model does not apply to point metrics/);
    const badName = await call(rootCause, "/api/v1/insights/root-cause", { method: "POST", headers: key, body: { ...body, metric: "custom:no spaces" } });
    expect(badName.status).toBe(400);
    expect(badName.json.error.message).toMatch(/metric/);
    // An anomaly on the metric's region = eu series is explained within eu: 100 → 300, by neither shard alone.
    const plan = anomalyAnalysis({ metric: "checkout_ms", granularity: "day", dimension: "region", dimensionValue: "eu", timestamp: currentFrom, kind: "spike" });
    expect(plan).toMatchObject({ metric: "custom", customMetric: "checkout_ms", filters: [{ dimension: "meta:region", value: "eu" }] });
    if ("reason" in plan) throw new Error(plan.reason);
    const within = await analyzeRootCause(t.h.db, { projectId: org.project.id, ...plan });
    expect(within.baseline.value).toBeCloseTo(100, 9);
    expect(within.current.value).toBe(300);
    expect(within.dimensions).toEqual(["meta:shard"]);
  });
});

test("detection requests the root cause of each new anomaly once, and the job stores it with the anomaly", async () => {
  const org = await withIncident({ kind: "cost", segment: { model: "gpt-4o-mini" } }, 16);
  // A flat daily cost series that spikes on the incident day: what the rollups job would have stored.
  const days = 30;
  await t.h.db.insert(metricRollups).values(
    Array.from({ length: days + 1 }, (_, i) => ({
      projectId: org.project.id, metric: "cost", granularity: "day" as const, bucketStart: new Date(currentFrom.getTime() - (days - i) * DAY),
      value: i === days ? 9 : 3 + 0.05 * Math.sin(i), count: 500,
    })),
  );
  const now = new Date(currentFrom.getTime() + DAY + 3_600_000);
  const first = await detectProjectAnomalies(t.h.db, org.project.id, now);
  expect(first.anomalies).toBeGreaterThan(0);
  await detectProjectAnomalies(t.h.db, org.project.id, now); // re-detection requests nothing new
  const runs = await t.h.db.select().from(jobRuns).where(and(eq(jobRuns.functionId, "insights-root-cause"), eq(jobRuns.projectId, org.project.id)));
  expect(runs).toHaveLength(1);
  const runner = new EmbeddedRunner(t.h.db, [insightsRootCause], { log: () => {} });
  await runner.drain();
  const [anomaly] = await t.h.db.select().from(monitoringAnomalies).where(and(eq(monitoringAnomalies.projectId, org.project.id), eq(monitoringAnomalies.timestamp, currentFrom)));
  const [stored] = await t.h.db.select().from(anomalyRootCauses).where(eq(anomalyRootCauses.anomalyId, anomaly.id));
  expect(stored.status).toBe("ready");
  expect((stored.result as { candidates: { dimension: string; value: string }[] }).candidates[0]).toMatchObject({ dimension: "model", value: "gpt-4o-mini" });
});
