// Retention and funnel insights through their route handlers on a real database, against hand-computed answers:
// first start event in range, UTC period edges, an event exactly at the window end, repeated attempts, out-of-order
// events, a repeated step, property filters, breakdowns, and dropped users saved as a static cohort.
import { beforeAll, describe, expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { endUsers, events } from "@/db/schema";
import * as retentionRoute from "@/app/api/v1/insights/retention/route";
import * as funnelRoute from "@/app/api/v1/insights/funnel/route";
import * as droppedRoute from "@/app/api/v1/insights/funnel/dropped/route";
import * as cohortsRoute from "@/app/api/v1/cohorts/route";
import * as refreshRoute from "@/app/api/v1/cohorts/[id]/refresh/route";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
let n = 0;
const ev = (userId: string, name: string, at: string, properties: Record<string, unknown> = {}) => ({
  projectId: t.org.project.id,
  id: `ev-${++n}`,
  userId,
  name,
  timestamp: new Date(at),
  properties,
});

beforeAll(async () => {
  const p = t.org.project.id;
  await t.h.db.insert(endUsers).values([
    { projectId: p, userId: "a", plan: "pro", signupAt: new Date("2026-10-01T00:00:00Z") },
    { projectId: p, userId: "b", plan: "free", signupAt: new Date("2026-10-01T00:00:00Z") },
    { projectId: p, userId: "c", plan: "pro", signupAt: new Date("2026-10-01T00:00:00Z") },
  ]);
  await t.h.db.insert(events).values([
    // Retention (daily): a and b start on 11-02, c on 11-03 (its second signup ignored), d on 11-04; e starts at `to`.
    ev("a", "signup", "2026-11-02T10:00:00Z"),
    ev("a", "active", "2026-11-02T12:00:00Z"),
    ev("a", "active", "2026-11-03T23:59:59Z"),
    ev("a", "active", "2026-11-05T01:00:00Z"),
    ev("b", "signup", "2026-11-01T23:00:00Z"),
    ev("b", "signup", "2026-11-02T05:00:00Z"),
    ev("b", "active", "2026-11-04T00:00:00Z"),
    ev("c", "signup", "2026-11-03T08:00:00Z"),
    ev("c", "signup", "2026-11-04T09:00:00Z"),
    ev("c", "active", "2026-11-04T10:00:00Z"),
    ev("d", "signup", "2026-11-04T23:59:59Z"),
    ev("e", "signup", "2026-11-05T00:00:00Z"),
    ev("f", "active", "2026-11-03T00:00:00Z"),
    // Retention (weekly, weeks start Monday 11-02): w1 starts Sunday night, returns the next two Mondays.
    ev("w1", "join", "2026-11-08T23:00:00Z"),
    ev("w1", "come_back", "2026-11-09T00:30:00Z"),
    ev("w1", "come_back", "2026-11-16T00:00:00Z"),
    ev("w2", "join", "2026-11-03T00:00:00Z"),
    // Funnel view → add → buy, window 1 h, t1 in [11-02, 11-03).
    ev("u1", "view", "2026-11-02T10:00:00Z"),
    ev("u1", "add", "2026-11-02T10:10:00Z"),
    ev("u1", "buy", "2026-11-02T10:20:00Z", { currency: "EUR" }),
    ev("u2", "view", "2026-11-02T10:00:00Z"),
    ev("u2", "add", "2026-11-02T10:30:00Z"),
    ev("u2", "buy", "2026-11-02T11:00:00Z", { currency: "USD" }), // exactly at the window end: counts
    ev("u2", "view", "2026-11-02T10:59:00Z"),
    ev("u3", "view", "2026-11-02T10:00:00Z"),
    ev("u3", "add", "2026-11-02T10:30:00Z"),
    ev("u3", "buy", "2026-11-02T11:00:01Z"), // one second past the window
    ev("u4", "view", "2026-11-02T09:00:00Z"),
    ev("u4", "add", "2026-11-02T09:10:00Z"),
    ev("u4", "view", "2026-11-02T13:00:00Z"), // a second attempt goes all the way
    ev("u4", "add", "2026-11-02T13:05:00Z"),
    ev("u4", "buy", "2026-11-02T13:06:00Z"),
    ev("u5", "add", "2026-11-02T08:00:00Z"), // out of order: add before view
    ev("u5", "view", "2026-11-02T08:30:00Z"),
    ev("u5", "buy", "2026-11-02T08:40:00Z"),
    ev("u6", "view", "2026-11-01T23:59:00Z"), // starts before `from`
    ev("u6", "add", "2026-11-02T00:05:00Z"),
    ev("u7", "view", "2026-11-03T00:00:00Z"), // starts at `to`
    ev("u8", "view", "2026-11-02T10:00:00Z"),
    ev("u8", "add", "2026-11-02T10:00:00Z"), // equal timestamps are in order
    ev("u8", "buy", "2026-11-02T10:00:00Z"),
  ]);
});

const daily = { startEvent: "signup", returnEvent: "active", period: "day", periods: 3, from: "2026-11-02T00:00:00Z", to: "2026-11-05T00:00:00Z" };

describe("retention", () => {
  test("daily first-time retention, hand-computed", async () => {
    const res = await call(retentionRoute.POST, "/x", { method: "POST", headers: key(), body: daily });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.cohorts).toEqual([
      { start: "2026-11-02T00:00:00Z", size: 2, retained: [2, 1, 1] },
      { start: "2026-11-03T00:00:00Z", size: 1, retained: [1, 1] },
      { start: "2026-11-04T00:00:00Z", size: 1, retained: [1] },
    ]);
  });

  test("broken down by a trait: users without a profile fall under (none)", async () => {
    const res = await call(retentionRoute.POST, "/x", { method: "POST", headers: key(), body: { ...daily, breakdown: "plan" } });
    expect(res.json.breakdown.map((b: { key: string; cohorts: { retained: number[] }[] }) => [b.key, b.cohorts.map((c) => c.retained)])).toEqual([
      ["(none)", [[0, 0, 0], [0, 0], [1]]],
      ["free", [[1, 0, 1], [0, 0], [0]]],
      ["pro", [[1, 1, 0], [1, 1], [0]]],
    ]);
    expect(res.json.cohorts[0].size).toBe(2);
  });

  test("weekly periods start on Monday, UTC", async () => {
    const body = { startEvent: "join", returnEvent: "come_back", period: "week", periods: 3, from: "2026-11-04T00:00:00Z", to: "2026-11-18T00:00:00Z" };
    const res = await call(retentionRoute.POST, "/x", { method: "POST", headers: key(), body });
    expect(res.json.cohorts).toEqual([
      { start: "2026-11-02T00:00:00Z", size: 1, retained: [1, 1, 1] },
      { start: "2026-11-09T00:00:00Z", size: 0, retained: [0, 0] },
      { start: "2026-11-16T00:00:00Z", size: 0, retained: [0] },
    ]);
  });

  test("bad input is a 400 naming the field", async () => {
    const res = await call(retentionRoute.POST, "/x", { method: "POST", headers: key(), body: { ...daily, to: daily.from } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/^to:/);
    const period = await call(retentionRoute.POST, "/x", { method: "POST", headers: key(), body: { ...daily, period: "month" } });
    expect(period.json.error.message).toMatch(/^period:/);
  });
});

const funnelBody = {
  steps: [{ event: "view" }, { event: "add" }, { event: "buy" }],
  windowSeconds: 3600,
  from: "2026-11-02T00:00:00Z",
  to: "2026-11-03T00:00:00Z",
};

describe("funnel", () => {
  test("ordered steps within the window, each user once at their furthest attempt (hand-computed)", async () => {
    const res = await call(funnelRoute.POST, "/x", { method: "POST", headers: key(), body: funnelBody });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const [view, add, buy] = res.json.steps;
    expect([view.count, add.count, buy.count]).toEqual([6, 5, 4]);
    expect(view.medianSecondsFromPrevious).toBeNull();
    // add − view: u1 600, u2 1800, u3 1800, u4 300 (its second attempt), u8 0.
    expect(add.medianSecondsFromPrevious).toBe(600);
    // buy − add: u1 600, u2 1800, u4 60, u8 0.
    expect(buy.medianSecondsFromPrevious).toBe(330);
    expect(buy.conversionFromStart.rate).toBeCloseTo(4 / 6, 12);
    expect(buy.conversionFromPrevious.rate).toBeCloseTo(4 / 5, 12);
    // Wilson 95 % intervals (computed independently).
    expect(buy.conversionFromStart.ci[0]).toBeCloseTo(0.29999, 4);
    expect(buy.conversionFromStart.ci[1]).toBeCloseTo(0.90323, 4);
    expect(buy.conversionFromPrevious.ci[0]).toBeCloseTo(0.37553, 4);
    expect(buy.conversionFromPrevious.ci[1]).toBeCloseTo(0.96378, 4);
  });

  test("a repeated step needs a second event; properties filter a step", async () => {
    const twice = await call(funnelRoute.POST, "/x", { method: "POST", headers: key(), body: { ...funnelBody, steps: [{ event: "view" }, { event: "view" }] } });
    expect(twice.json.steps.map((s: { count: number }) => s.count)).toEqual([6, 1]);
    const euro = await call(funnelRoute.POST, "/x", { method: "POST", headers: key(), body: { ...funnelBody, steps: [{ event: "view" }, { event: "buy", properties: { currency: "EUR" } }] } });
    expect(euro.json.steps.map((s: { count: number }) => s.count)).toEqual([6, 1]);
  });

  test("dropped users of a step, saved as a static cohort, break the funnel down", async () => {
    const dropped = await call(droppedRoute.POST, "/x", { method: "POST", headers: key(), body: { ...funnelBody, step: 3 } });
    expect(dropped.json).toEqual({ step: 3, users: ["u3"], truncated: false });
    const atAdd = await call(droppedRoute.POST, "/x", { method: "POST", headers: key(), body: { ...funnelBody, step: 2 } });
    expect(atAdd.json.users).toEqual(["u5"]);
    const cohort = await call(cohortsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "Dropped at buy", definition: { static: [...dropped.json.users, "u1"] } } });
    const id = cohort.json.id;
    await call(refreshRoute.POST, "/x", { method: "POST", headers: key(), params: { id } });
    const split = await call(funnelRoute.POST, "/x", { method: "POST", headers: key(), body: { ...funnelBody, breakdown: [id] } });
    expect(split.json.breakdown).toHaveLength(1);
    expect(split.json.breakdown[0].key).toBe(id);
    expect(split.json.breakdown[0].steps.map((s: { count: number }) => s.count)).toEqual([2, 2, 1]);
    const bad = await call(droppedRoute.POST, "/x", { method: "POST", headers: key(), body: { ...funnelBody, step: 4 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^step:/);
  });

  test("signed-in viewers may query; a funnel needs two steps", async () => {
    const viewer = await call(funnelRoute.POST, "/x", { method: "POST", as: t.org.users.viewer.id, body: funnelBody });
    expect(viewer.status).toBe(200);
    const one = await call(funnelRoute.POST, "/x", { method: "POST", headers: key(), body: { ...funnelBody, steps: [{ event: "view" }] } });
    expect(one.status).toBe(400);
    expect(one.json.error.message).toMatch(/^steps:/);
  });
});
