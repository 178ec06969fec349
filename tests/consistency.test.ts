// One quantity, one value (issue 18, "Numbers that agree"): on the seeded demo, every pair of API-backed places that
// shows the same quantity shows the same value. Each test names the places it compares; e2e/consistency.spec.ts covers
// the pairs only pages show. The demo is generated once with a fixed anchor and seed, and all of it (traces included)
// ends at that anchor's day: every place is read with an explicit window (ALL when no other), never a default range of
// the real clock's last days, and every window compared is given to both places.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createDemoTestDb, DEMO_TEST_NOW, DEMO_TEST_OPTIONS } from "./support/demo";
import { bearer, call } from "./support/fixtures";
import { rowsOf, type DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import * as overviewRoute from "@/app/api/v1/overview/route";
import * as costsRoute from "@/app/api/v1/costs/route";
import * as metricsRoute from "@/app/api/v1/metrics/route";
import * as sessionsRoute from "@/app/api/v1/sessions/route";
import * as sessionRoute from "@/app/api/v1/sessions/[sessionId]/route";
import * as tracesRoute from "@/app/api/v1/traces/route";
import * as traceRoute from "@/app/api/v1/traces/[traceId]/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as userRoute from "@/app/api/v1/users/[userId]/route";
import * as anomaliesRoute from "@/app/api/v1/monitoring/anomalies/route";
import * as jobsRoute from "@/app/api/v1/jobs/route";
import * as experimentsRoute from "@/app/api/v1/experiments/route";
import * as resultsRoute from "@/app/api/v1/experiments/[key]/results/route";
import * as sentimentRoute from "@/app/api/v1/sentiment/route";
import * as cohortsRoute from "@/app/api/v1/cohorts/route";
import * as cohortRoute from "@/app/api/v1/cohorts/[id]/route";
import * as cohortRefreshRoute from "@/app/api/v1/cohorts/[id]/refresh/route";
import * as cohortMembersRoute from "@/app/api/v1/cohorts/[id]/members/route";
import { planBreakdown } from "@/lib/overview/store/plan-breakdown";
import { liveDays } from "@/lib/overview/store/daily-activity";
import { metricRoles } from "@/lib/catalog/roles";
import { countTraces, traceListQuerySchema } from "@/lib/traces/store/list-traces";
import { costByProject } from "@/lib/traces/store/costs";
import { driftRunDays, storedDriftRun } from "@/lib/monitoring/store/drift-runs";
import { driftReport } from "@/lib/monitoring/store/drift-report";
import { spectrumEngagement } from "@/lib/spectrum/store/engagement";
import { presetRange } from "@/lib/time-range/range";
import { BOARD_METRICS, BUILTIN_METRICS } from "@/lib/monitoring/rollups/catalog";

const DAY = 86_400_000;
// The demo's last generated day; data runs over the 30 days before it.
const anchor = DEMO_TEST_OPTIONS.anchor!;
const demoNow = DEMO_TEST_NOW;
// A window holding all the demo data: the places that count "all time" and the places with a range then agree.
const ALL = { from: "2026-01-01T00:00:00.000Z", to: "2027-01-01T00:00:00.000Z" };

let h: DbHandle;
let projectId: string;
let orgId: string;
let analyst: string;
let secret: string;

beforeAll(async () => {
  // The demo most files read (its copy is seeded once per run): 30 days of 120 users up to the anchor, its clock demoNow.
  const demo = await createDemoTestDb(DEMO_TEST_OPTIONS);
  h = demo.handle;
  const seeded = demo.seeded;
  projectId = seeded.projectId;
  secret = seeded.apiKey!.secretKey;
  const [row] = await h.db.select({ id: users.id }).from(users).where(eq(users.email, "analyst@demo.prism.dev"));
  analyst = row.id;
  const [p] = rowsOf<{ org_id: string }>(await h.db.execute(sql`select org_id from projects where id = ${projectId}`));
  orgId = p.org_id;
}, 300_000);
afterAll(async () => h?.close());

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();
/** A GET through the real route handler, as the demo analyst (a dashboard session). */
async function get(handler: Parameters<typeof call>[0], path: string, params?: Record<string, string>) {
  const res = await call(handler, path, { as: analyst, params });
  expect(res.status, `${path}: ${JSON.stringify(res.json)}`).toBe(200);
  return res.json;
}
/** A GET through the real route handler with the demo's secret key (the traces API is key-only). */
async function getWithKey(handler: Parameters<typeof call>[0], path: string, params?: Record<string, string>) {
  const res = await call(handler, path, { headers: bearer(secret), params });
  expect(res.status, `${path}: ${JSON.stringify(res.json)}`).toBe(200);
  return res.json;
}
/** Every trace of a filter (over ALL unless the filter says otherwise) through the traces API, following its cursor. */
async function allTraces(filter: Record<string, string>) {
  const out: { id: string; totalTokens: number; totalCost: number; level: string; latencyMs: number | null; observationCount: number }[] = [];
  let cursor: string | undefined;
  do {
    const page = await getWithKey(tracesRoute.GET, `/api/v1/traces?${qs({ ...ALL, ...filter, limit: 100, cursor })}`);
    out.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const traceCount = async (filter: Record<string, string>) => (await countTraces(h.db, projectId, traceListQuerySchema.parse({ ...ALL, ...filter }))).count;

describe("names", () => {
  test("no two quantities share a name: every KPI label in the metric catalog names one definition", () => {
    const all = [...Object.entries(BUILTIN_METRICS), ...Object.entries(BOARD_METRICS)].map(([key, m]) => ({ key, label: m.label.toLowerCase() }));
    const seen = new Map<string, string>();
    for (const { key, label } of all) {
      expect(seen.get(label), `${key} and ${seen.get(label)} are both "${label}"`).toBeUndefined();
      seen.set(label, key);
    }
    expect(seen.size).toBeGreaterThan(10);
  });
});

describe("product activity", () => {
  test("Overview sessions, messages and error rate (daily rollups) equal the same days counted from raw events, and Monitoring's rollup series", { timeout: 60_000 }, async () => {
    const from = new Date(anchor.getTime() - 20 * DAY);
    const to = new Date(anchor.getTime() - DAY);
    const overview = await get(overviewRoute.GET, `/api/v1/overview?${qs({ from: from.toISOString(), to: to.toISOString() })}`);
    expect(overview.days.length).toBe(19);
    const raw = await liveDays(h.db, projectId, [[from, to]], await metricRoles(h.db, projectId));
    const rawByDay = new Map(raw.map((d) => [d.day, d]));
    for (const d of overview.days) {
      const r = rawByDay.get(d.day)!;
      expect({ day: d.day, sessions: d.sessions, messages: d.messages, errors: d.errors, activeUsers: d.activeUsers }).toEqual({
        day: r.day, sessions: r.sessions, messages: r.messages, errors: r.errors, activeUsers: r.activeUsers,
      });
    }
    expect(overview.totals.sessions).toBe(sum(raw.map((d) => d.sessions)));
    expect(overview.totals.messages).toBe(sum(raw.map((d) => d.messages)));
    expect(overview.totals.sessions).toBeGreaterThan(100);

    // Monitoring draws the same metrics from the same rollups: its daily series add up to the Overview's totals.
    const series = async (metric: string) =>
      (await get(metricsRoute.GET, `/api/v1/metrics?${qs({ metric, granularity: "day", from: from.toISOString(), to: to.toISOString() })}`)).data as { value: number; count: number }[];
    expect(sum((await series("sessions")).map((p) => p.value))).toBe(overview.totals.sessions);
    expect(sum((await series("messages")).map((p) => p.value))).toBe(overview.totals.messages);
    const errorRate = await series("error_rate");
    const errors = sum(errorRate.map((p) => Math.round(p.value * p.count)));
    const denominator = sum(errorRate.map((p) => p.count));
    expect(errors / denominator).toBeCloseTo(overview.totals.errorRate, 12);
  });

  test("Monitoring's trace count, trace cost and trace tokens per day equal the traces list counted over that day", { timeout: 60_000 }, async () => {
    // The demo's traces end when it is generated: the 7 whole UTC days before the newest trace's day.
    const { data: [newest] } = await getWithKey(tracesRoute.GET, `/api/v1/traces?${qs({ ...ALL, limit: 1 })}`);
    const to = new Date(Math.floor(Date.parse(newest.timestamp) / DAY) * DAY);
    const from = new Date(to.getTime() - 7 * DAY);
    const series = async (metric: string) =>
      (await get(metricsRoute.GET, `/api/v1/metrics?${qs({ metric, granularity: "day", from: from.toISOString(), to: to.toISOString() })}`)).data as { timestamp: string; value: number; count: number }[];
    const requests = await series("requests");
    const cost = new Map((await series("cost")).map((p) => [p.timestamp, p.value]));
    const tokens = new Map((await series("tokens")).map((p) => [p.timestamp, p.value]));
    const errorRate = new Map((await series("request_error_rate")).map((p) => [p.timestamp, p]));
    expect(requests.length).toBe(7);
    for (const day of requests) {
      const dayTo = new Date(Date.parse(day.timestamp) + DAY).toISOString();
      const listed = await allTraces({ from: day.timestamp, to: dayTo });
      expect({ day: day.timestamp, traces: day.value }).toEqual({ day: day.timestamp, traces: listed.length });
      expect(cost.get(day.timestamp) ?? 0).toBeCloseTo(sum(listed.map((t) => t.totalCost)), 9);
      expect(tokens.get(day.timestamp) ?? 0).toBe(sum(listed.map((t) => t.totalTokens)));
      // Trace error rate: the traces listed at level ERROR over the traces listed.
      const rate = errorRate.get(day.timestamp)!;
      expect(rate.count).toBe(listed.length);
      expect(Math.round(rate.value * rate.count)).toBe(listed.filter((t) => t.level === "ERROR").length);
      expect(await traceCount({ level: "ERROR", from: day.timestamp, to: dayTo })).toBe(Math.round(rate.value * rate.count));
    }
  });
});

describe("costs", () => {
  test("the Costs totals equal the sum of its by-model rows, of its by-day rows, and its project's row in By project", async () => {
    const board = await get(costsRoute.GET, `/api/v1/costs?${qs(ALL)}`);
    expect(board.totals.calls).toBeGreaterThan(100);
    for (const key of ["calls", "cost", "errors"] as const) {
      expect(sum(board.byModel.map((m: Record<string, number>) => m[key])), key).toBeCloseTo(board.totals[key], 9);
      expect(sum(board.byDay.map((d: Record<string, number>) => d[key])), key).toBeCloseTo(board.totals[key], 9);
    }
    expect(sum(board.byModel.map((m: { inputTokens: number; outputTokens: number }) => m.inputTokens + m.outputTokens))).toBe(board.totals.tokens);
    const own = (await costByProject(h.db, orgId, { from: new Date(ALL.from), to: new Date(ALL.to) })).find((p) => p.projectId === projectId)!;
    expect({ calls: own.calls, tokens: own.tokens, errors: own.errors }).toEqual({ calls: board.totals.calls, tokens: board.totals.tokens, errors: board.totals.errors });
    expect(own.cost).toBeCloseTo(board.totals.cost, 9);
  });

  test("a top user's traces, tokens and cost on Costs equal their user page and the traces list filtered to them", { timeout: 60_000 }, async () => {
    const board = await get(costsRoute.GET, `/api/v1/costs?${qs(ALL)}`);
    expect(board.topUsers.length).toBeGreaterThanOrEqual(3);
    for (const top of board.topUsers.slice(0, 3)) {
      const user = await get(userRoute.GET, `/api/v1/users/${top.userId}`, { userId: top.userId });
      expect(user.counts.traces).toBe(top.traces);
      expect(user.costUsd).toBeCloseTo(top.cost, 9);
      const listed = await allTraces({ userId: top.userId, ...ALL });
      expect(listed.length).toBe(top.traces);
      expect(sum(listed.map((t) => t.totalTokens))).toBe(top.tokens);
      expect(sum(listed.map((t) => t.totalCost))).toBeCloseTo(top.cost, 9);
    }
  });
});

describe("traces and sessions", () => {
  test("a session's trace count, tokens, cost and error traces agree on the Sessions list, the session page and the traces list", { timeout: 60_000 }, async () => {
    const list = await get(sessionsRoute.GET, `/api/v1/sessions?${qs({ ...ALL, limit: 10 })}`);
    expect(list.data.length).toBe(10);
    for (const s of list.data) {
      const detail = await get(sessionRoute.GET, `/api/v1/sessions/${encodeURIComponent(s.sessionId)}`, { sessionId: s.sessionId });
      expect({ traceCount: detail.traceCount, totalTokens: detail.totalTokens, errorTraces: detail.errorTraces }).toEqual({
        traceCount: s.traceCount, totalTokens: s.totalTokens, errorTraces: s.errorTraces,
      });
      expect(detail.totalCost).toBeCloseTo(s.totalCost, 9);
      expect(detail.turns.length).toBe(s.traceCount);
      const listed = await allTraces({ sessionId: s.sessionId });
      expect(listed.length).toBe(s.traceCount);
      expect(await traceCount({ sessionId: s.sessionId })).toBe(s.traceCount);
      expect(sum(listed.map((t) => t.totalTokens))).toBe(s.totalTokens);
      expect(sum(listed.map((t) => t.totalCost))).toBeCloseTo(s.totalCost, 9);
      expect(listed.filter((t) => t.level === "ERROR").length).toBe(s.errorTraces);
    }
  });

  test("a range ending at a trace's timestamp counts the same traces on the Sessions list, the traces list and Costs (every range is [from, to))", { timeout: 60_000 }, async () => {
    const { data: recent } = await get(sessionsRoute.GET, `/api/v1/sessions?${qs({ ...ALL, limit: 50 })}`);
    const session = recent.find((s: { traceCount: number; userId: string | null }) => s.traceCount > 1 && s.userId !== null);
    const all = (await allTraces({ sessionId: session.sessionId })) as unknown as { timestamp: string; userId: string | null }[];
    expect(all.length).toBe(session.traceCount);
    const to = all[0].timestamp; // the session's latest trace: a range ending exactly there excludes it
    const range = { from: ALL.from, to };
    const sessions = await get(sessionsRoute.GET, `/api/v1/sessions?${qs({ userId: session.userId, ...range, limit: 100 })}`);
    const inRange = sessions.data.find((s: { sessionId: string }) => s.sessionId === session.sessionId);
    const listed = await allTraces({ sessionId: session.sessionId, ...range });
    expect(inRange.traceCount).toBe(all.length - 1);
    expect(listed.length).toBe(inRange.traceCount);
    expect(await traceCount({ sessionId: session.sessionId, ...range })).toBe(inRange.traceCount);
    const board = await get(costsRoute.GET, `/api/v1/costs?${qs(range)}`);
    const userRow = board.topUsers.find((u: { userId: string }) => u.userId === session.userId);
    if (userRow) expect(userRow.traces).toBe(await traceCount({ userId: session.userId, ...range }));
  });

  test("a trace's tokens, cost, latency, level and observation count agree on the traces list and the trace page", { timeout: 60_000 }, async () => {
    const { data } = await getWithKey(tracesRoute.GET, `/api/v1/traces?${qs({ ...ALL, limit: 20, sort: "cost" })}`);
    expect(data.length).toBe(20);
    for (const t of data) {
      const trace = await getWithKey(traceRoute.GET, `/api/v1/traces/${encodeURIComponent(t.id)}`, { traceId: t.id });
      expect({ totalTokens: trace.totalTokens, latencyMs: trace.latencyMs, level: trace.level, observations: trace.observations.length }).toEqual({
        totalTokens: t.totalTokens, latencyMs: t.latencyMs, level: t.level, observations: t.observationCount,
      });
      expect(trace.totalCost).toBeCloseTo(t.totalCost, 9);
      // The trace's totals are its model calls'.
      const calls = trace.observations.filter((o: { type: string }) => o.type === "generation" || o.type === "embedding");
      expect(sum(calls.map((o: { costTotal: number | null }) => Number(o.costTotal ?? 0)))).toBeCloseTo(t.totalCost, 9);
    }
  });
});

describe("sentiment", () => {
  test("the Sentiment page's analysed and negative traces equal the traces list filtered by sentiment over the same window (its links)", { timeout: 60_000 }, async () => {
    const { data: [newest] } = await getWithKey(tracesRoute.GET, `/api/v1/traces?${qs({ ...ALL, limit: 1 })}`);
    const to = new Date(Date.parse(newest.timestamp) + 1).toISOString();
    const from = new Date(Date.parse(to) - 28 * DAY).toISOString();
    const d = await get(sentimentRoute.GET, `/api/v1/sentiment?${qs({ from, to })}`);
    expect(d.analysed).toBeGreaterThan(20);
    const byLabel = { negative: 0, neutral: 0, positive: 0 };
    for (const label of Object.keys(byLabel) as (keyof typeof byLabel)[]) byLabel[label] = await traceCount({ sentiment: label, from, to });
    expect(byLabel.negative + byLabel.neutral + byLabel.positive).toBe(d.analysed);
    const negative = sum(d.trend.map((p: { traces: number; negativeShare: number }) => Math.round(p.traces * p.negativeShare)));
    expect(negative).toBe(byLabel.negative);
  });
});

describe("users", () => {
  test("the Users list's events, sessions, traces and cost equal each user's page", { timeout: 60_000 }, async () => {
    const list = await get(usersRoute.GET, `/api/v1/users?${qs({ limit: 15, sort: "traces", ...ALL })}`);
    expect(list.items.length).toBe(15);
    for (const u of list.items) {
      const detail = await get(userRoute.GET, `/api/v1/users/${u.userId}`, { userId: u.userId });
      expect({ user: u.userId, events: u.events, sessions: u.sessions, traces: u.traces }).toEqual({
        user: u.userId, events: detail.counts.events, sessions: detail.counts.sessions, traces: detail.counts.traces,
      });
      expect(u.costUsd).toBeCloseTo(detail.costUsd, 9);
    }
  });
});

describe("cohorts", () => {
  test("a cohort's size agrees on the cohorts list, its page, its members, the Users list filtered to it and the Users page's plan breakdown", { timeout: 60_000 }, async () => {
    const created = await call(cohortsRoute.POST, "/api/v1/cohorts", { method: "POST", headers: bearer(secret), body: { name: "Pro plan (consistency)", definition: { trait: "plan", op: "eq", value: "pro" } } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const refreshed = await call(cohortRefreshRoute.POST, `/api/v1/cohorts/${id}/refresh`, { method: "POST", headers: bearer(secret), params: { id } });
    expect(refreshed.status).toBe(200);
    const size = refreshed.json.size as number;
    expect(size).toBeGreaterThan(0);
    const listed = (await get(cohortsRoute.GET, `/api/v1/cohorts`)).data.find((c: { id: string }) => c.id === id);
    expect(listed.size).toBe(size);
    expect((await get(cohortRoute.GET, `/api/v1/cohorts/${id}`, { id })).size).toBe(size);
    const members = await get(cohortMembersRoute.GET, `/api/v1/cohorts/${id}/members?limit=1000`, { id });
    expect(members.data.length).toBe(size);
    let inUsers = 0;
    let cursor: string | undefined;
    do {
      // Over all the demo's days (the API defaults to the last 7, like the Users page).
      const page = await get(usersRoute.GET, `/api/v1/users?${qs({ cohort: id, limit: 100, cursor, ...ALL })}`);
      inUsers += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(inUsers).toBe(size);
    expect((await planBreakdown(h.db, projectId, presetRange("30d", demoNow))).find((p) => p.plan === "pro")?.users).toBe(size);
  });
});

describe("monitoring", () => {
  test("the open-anomaly counts by severity equal the open anomalies listed under each severity", async () => {
    const all = await get(anomaliesRoute.GET, `/api/v1/monitoring/anomalies?${qs({ status: "open", limit: 100, ...ALL })}`);
    const total = sum(Object.values(all.openCounts as Record<string, number>));
    expect(total).toBeGreaterThan(0);
    expect(all.data.length).toBe(total);
    for (const severity of ["critical", "high", "medium", "low"]) {
      const page = await get(anomaliesRoute.GET, `/api/v1/monitoring/anomalies?${qs({ status: "open", severity, limit: 100, ...ALL })}`);
      expect({ severity, listed: page.data.length }).toEqual({ severity, listed: all.openCounts[severity] });
    }
  });

  test("the drift run list's drifted count equals its stored run and a recompute over the same window", { timeout: 120_000 }, async () => {
    const [newest] = await driftRunDays(h.db, projectId, 1);
    expect(newest).toBeDefined();
    const stored = (await storedDriftRun(h.db, projectId, newest.day))!;
    const drifted = (r: typeof stored | Awaited<ReturnType<typeof driftReport>>) => (r.result?.features ?? []).filter((f) => f.drifted).map((f) => f.name).sort();
    expect(drifted(stored)).toEqual([...newest.driftedFeatures].sort());
    expect(drifted(stored).length).toBe(stored.result?.dataset.driftedFeatures);
    const live = await driftReport(h.db, projectId, new Date(stored.current.to));
    expect(live.current).toEqual(stored.current);
    expect(drifted(live)).toEqual(drifted(stored));
  });
});

describe("jobs", () => {
  test("the Jobs page's per-job run counts equal the runs it lists", async () => {
    const jobs = await get(jobsRoute.GET, `/api/v1/jobs?limit=500`);
    expect(jobs.runs.length).toBeLessThan(500);
    expect(jobs.functions.length).toBeGreaterThan(3);
    for (const f of jobs.functions) {
      const runs = jobs.runs.filter((r: { functionId: string }) => r.functionId === f.functionId);
      expect({ job: f.functionId, runs: runs.length, succeeded: runs.filter((r: { status: string }) => r.status === "succeeded").length }).toEqual({
        job: f.functionId, runs: f.runs, succeeded: f.succeeded,
      });
    }
  });
});

describe("experiments", () => {
  test("each experiment's state on the experiments list equals its results API", async () => {
    const { experiments } = await get(experimentsRoute.GET, `/api/v1/experiments`);
    expect(experiments.length).toBeGreaterThanOrEqual(2);
    for (const e of experiments) {
      const { results } = await get(resultsRoute.GET, `/api/v1/experiments/${e.key}/results`, { key: e.key });
      expect(results === null).toBe(e.results === null);
      if (!results) continue;
      expect({ key: e.key, srm: e.results.srmFlagged }).toEqual({ key: e.key, srm: results.srm.flagged });
    }
  });
});

describe("spectrum", () => {
  test("the conversion card's teaser viewers equal the engagement table's members who saw the teaser (one window: the page's range)", async () => {
    const engagement = await spectrumEngagement(h.db, projectId, presetRange("30d", demoNow), demoNow);
    const teaserRow = engagement.byKind.find((k) => k.kind === "teaser_view")!;
    expect(teaserRow.users).toBeGreaterThan(0);
    expect(engagement.teaser.viewers).toBe(teaserRow.users);
    expect(engagement.teaser.upgraded).toBeLessThanOrEqual(engagement.teaser.viewers);
  });
});
