// Cohort analysis and the cohort filter on the traces list, through their route handlers on a real database. The
// differences are checked against scipy (stats.ttest_ind(equal_var=False) and the Welch t interval).
import { beforeAll, expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { scores, traces } from "@/db/schema";
import * as cohortsRoute from "@/app/api/v1/cohorts/route";
import * as refreshRoute from "@/app/api/v1/cohorts/[id]/refresh/route";
import * as compareRoute from "@/app/api/v1/cohorts/compare/route";
import * as tracesRoute from "@/app/api/v1/traces/route";
import { listSessions } from "@/lib/traces/store/list-sessions";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const ids = {} as Record<"A" | "B", string>;

beforeAll(async () => {
  const p = t.org.project.id;
  const trace = (id: string, userId: string, at: string, totalCost: number, latencyMs: number, level: "DEFAULT" | "ERROR" = "DEFAULT") => ({
    projectId: p, id, userId, sessionId: `s-${userId}`, timestamp: new Date(at), totalCost, latencyMs, level,
  });
  await t.h.db.insert(traces).values([
    trace("t1", "a1", "2026-11-02T10:00:00Z", 1, 100),
    trace("t2", "a1", "2026-11-02T11:00:00Z", 3, 300, "ERROR"),
    trace("t3", "a2", "2026-11-02T12:00:00Z", 2, 100),
    trace("t4", "b1", "2026-11-02T10:00:00Z", 5, 500),
    trace("t5", "b1", "2026-11-03T10:00:00Z", 5, 700),
    trace("t6", "b2", "2026-11-03T10:00:00Z", 1, 1000, "ERROR"),
    trace("t7", "b1", "2026-12-01T10:00:00Z", 100, 9000), // outside the range
    trace("t8", "x", "2026-11-02T10:00:00Z", 7, 70), // in no cohort
  ]);
  const score = (id: string, traceId: string, value: number) => ({ projectId: p, id, traceId, name: "thumbs", value, dataType: "boolean" as const, source: "api" as const, timestamp: new Date("2026-11-04T00:00:00Z") });
  await t.h.db.insert(scores).values([score("s1", "t1", 1), score("s2", "t3", 0), score("s3", "t4", 1), score("s4", "t5", 1)]);
  for (const [name, users] of [["A", ["a1", "a2", "a3"]], ["B", ["b1", "b2"]]] as const) {
    const res = await call(cohortsRoute.POST, "/x", { method: "POST", headers: key(), body: { name, definition: { static: users } } });
    ids[name] = res.json.id;
    await call(refreshRoute.POST, "/x", { method: "POST", headers: key(), params: { id: res.json.id } });
  }
});

test("two cohorts side by side: per-user means, and the second against the first with Welch CIs and p-values", async () => {
  const res = await call(compareRoute.POST, "/x", { method: "POST", headers: key(), body: { cohorts: [ids.A, ids.B], from: "2026-11-01T00:00:00Z", to: "2026-11-05T00:00:00Z" } });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  const [a, b] = res.json.cohorts;
  expect([a.name, a.members, a.activeUsers, b.members, b.activeUsers]).toEqual(["A", 3, 2, 2, 2]);
  expect(a.metrics.successRate).toEqual({ n: 2, mean: 0.75, difference: null });
  expect(a.metrics.costPerUser.mean).toBe(2);
  expect(a.metrics.errorsPerUser.mean).toBeCloseTo(1 / 3, 12);
  expect(a.metrics.latencyMs.mean).toBe(150);
  expect(a.metrics.rating).toMatchObject({ n: 2, mean: 0.5 });
  expect(b.metrics.costPerUser.mean).toBe(5.5);
  // scipy: ttest_ind([10, 1], [4, 2, 0], equal_var=False) → p 0.57653; Welch interval (−41.384, 48.384).
  const cost = b.metrics.costPerUser.difference;
  expect(cost.estimate).toBeCloseTo(3.5, 12);
  expect(cost.pValue).toBeCloseTo(0.57653, 4);
  expect(cost.ci[0]).toBeCloseTo(-41.384, 2);
  expect(cost.ci[1]).toBeCloseTo(48.384, 2);
  // scipy: ttest_ind([600, 1000], [200, 100], equal_var=False) → p 0.17290.
  expect(b.metrics.latencyMs.difference.pValue).toBeCloseTo(0.1729, 3);
  // One rated user in B: too few for a difference.
  expect(b.metrics.rating).toEqual({ n: 1, mean: 1, difference: null });
});

test("an unknown cohort is a 400 naming its position; one cohort is not a comparison", async () => {
  const res = await call(compareRoute.POST, "/x", { method: "POST", headers: key(), body: { cohorts: [ids.A, "00000000-0000-4000-8000-000000000000"], from: "2026-11-01T00:00:00Z", to: "2026-11-05T00:00:00Z" } });
  expect(res.status).toBe(400);
  expect(res.json.error.message).toMatch(/^cohorts\.1: no cohort/);
  const one = await call(compareRoute.POST, "/x", { method: "POST", headers: key(), body: { cohorts: [ids.A], from: "2026-11-01T00:00:00Z", to: "2026-11-05T00:00:00Z" } });
  expect(one.status).toBe(400);
});

test("the traces list filters by cohort", async () => {
  const res = await call(tracesRoute.GET, `/api/v1/traces?cohort=${ids.B}&sort=timestamp&order=asc&from=2026-11-01&to=2026-12-31`, { headers: key() });
  expect(res.status).toBe(200);
  expect(res.json.data.map((tr: { id: string }) => tr.id)).toEqual(["t4", "t5", "t6", "t7"]);
  const bad = await call(tracesRoute.GET, "/api/v1/traces?cohort=nope", { headers: key() });
  expect(bad.status).toBe(400);
  expect(bad.json.error.message).toMatch(/^cohort:/);
});

test("the sessions list filters by cohort", async () => {
  const page = await listSessions(t.h.db, t.org.project.id, { cohort: ids.A, limit: 50 });
  expect(page.items.map((s) => s.sessionId).sort()).toEqual(["s-a1", "s-a2"]);
});
