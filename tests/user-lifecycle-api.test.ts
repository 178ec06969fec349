// Stickiness and lifecycle through their route handlers on a real database, against answers counted by hand from a
// small activity set: a new user, one who resurrects (twice), one who goes dormant, one who was only active before
// the range, activity from traces only, another event name, and activity exactly at `to`.
import { beforeAll, describe, expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { events, traces } from "@/db/schema";
import * as stickinessRoute from "@/app/api/v1/insights/stickiness/route";
import * as lifecycleRoute from "@/app/api/v1/insights/lifecycle/route";
import * as cohortsRoute from "@/app/api/v1/cohorts/route";
import * as refreshRoute from "@/app/api/v1/cohorts/[id]/refresh/route";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
let n = 0;
const ev = (userId: string, at: string, name = "active") => ({ projectId: t.org.project.id, id: `ev-${++n}`, userId, name, timestamp: new Date(at), properties: {} });

// Weeks start on Monday: W0 = 11-02 (the look-back week), W1 = 11-09, W2 = 11-16, W3 = 11-23.
beforeAll(async () => {
  await t.h.db.insert(events).values([
    ev("n", "2026-11-10T08:00:00Z"), // n: first ever in W1 (new), back in W2 (returning), gone in W3 (dormant)
    ev("n", "2026-11-10T20:00:00Z"),
    ev("n", "2026-11-12T09:00:00Z"),
    ev("n", "2026-11-16T10:00:00Z"),
    ev("r", "2026-10-20T10:00:00Z"), // r: active long before, then W1 (resurrecting), W2 none (dormant), W3 (resurrecting)
    ev("r", "2026-11-09T00:00:00Z"),
    ev("r", "2026-11-15T23:59:59Z"),
    ev("r", "2026-11-25T12:00:00Z"),
    ev("d", "2026-11-03T10:00:00Z"), // d: W0 and W1 (returning), then dormant in W2
    ev("d", "2026-11-11T10:00:00Z"),
    ev("z", "2026-11-04T10:00:00Z"), // z: W0 only: dormant in W1
    ev("o", "2026-11-11T10:00:00Z", "other"), // o: another event only
    ev("x", "2026-11-30T00:00:00Z"), // x: exactly at `to`: out
  ]);
  // tr: active through a trace only, in W2.
  await t.h.db.insert(traces).values({ projectId: t.org.project.id, id: "tr-1", userId: "tr", timestamp: new Date("2026-11-17T10:00:00Z") });
});

const post = (route: typeof lifecycleRoute, body: unknown, headers: Record<string, string> = key()) => call(route.POST, "/x", { method: "POST", headers, body });
const range = { from: "2026-11-09T00:00:00Z", to: "2026-11-30T00:00:00Z" };

describe("lifecycle", () => {
  test("weekly, for one event: new, returning, resurrecting and dormant per week", async () => {
    const res = await post(lifecycleRoute, { event: "active", ...range, period: "week" });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.periods).toEqual([
      { start: "2026-11-09T00:00:00Z", new: 1, returning: 1, resurrecting: 1, dormant: 1, active: 3 },
      { start: "2026-11-16T00:00:00Z", new: 0, returning: 1, resurrecting: 0, dormant: 2, active: 1 },
      { start: "2026-11-23T00:00:00Z", new: 0, returning: 0, resurrecting: 1, dormant: 1, active: 1 },
    ]);
  });

  test("without an event, any event or trace counts as activity", async () => {
    const res = await post(lifecycleRoute, { ...range, period: "week" });
    expect(res.status).toBe(200);
    expect(res.json.periods.map((p: Record<string, number>) => [p.new, p.returning, p.resurrecting, p.dormant])).toEqual([
      [2, 1, 1, 1], // + o new
      [1, 1, 0, 3], // + tr new, o dormant
      [0, 0, 1, 2], // + tr dormant
    ]);
  });

  test("daily: r's Sunday-night and Monday activity are separate days", async () => {
    const res = await post(lifecycleRoute, { event: "active", from: "2026-11-15T00:00:00Z", to: "2026-11-18T00:00:00Z", period: "day" });
    expect(res.status).toBe(200);
    expect(res.json.periods).toEqual([
      { start: "2026-11-15T00:00:00Z", new: 0, returning: 0, resurrecting: 1, dormant: 0, active: 1 },
      { start: "2026-11-16T00:00:00Z", new: 0, returning: 0, resurrecting: 1, dormant: 1, active: 1 },
      { start: "2026-11-17T00:00:00Z", new: 0, returning: 0, resurrecting: 0, dormant: 1, active: 0 },
    ]);
  });

  test("restricted to a cohort: only its members' activity counts", async () => {
    const made = await call(cohortsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "r and d", definition: { static: ["r", "d"] } } });
    await call(refreshRoute.POST, "/x", { method: "POST", headers: key(), params: { id: made.json.id } });
    const res = await post(lifecycleRoute, { event: "active", ...range, period: "week", cohort: made.json.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.periods.map((p: Record<string, number>) => [p.new, p.returning, p.resurrecting, p.dormant])).toEqual([
      [0, 1, 1, 0],
      [0, 0, 0, 2],
      [0, 0, 1, 0],
    ]);
    const sticky = await post(stickinessRoute, { event: "active", from: "2026-11-09T00:00:00Z", to: "2026-11-16T00:00:00Z", period: "week", cohort: made.json.id });
    expect(sticky.json.overall.distribution.slice(0, 3)).toEqual([1, 1, 0]); // d 1 day, r 2 days
  });

  test("bad input is a 400, no key a 401", async () => {
    expect((await post(lifecycleRoute, { ...range, period: "month" })).status).toBe(400);
    expect((await post(lifecycleRoute, { from: range.to, to: range.from, period: "week" })).status).toBe(400);
    expect((await post(lifecycleRoute, { ...range, period: "week", extra: 1 })).status).toBe(400);
    expect((await post(lifecycleRoute, { ...range, period: "week", cohort: "nope" })).status).toBe(400);
    expect((await post(lifecycleRoute, { ...range, period: "week" }, {})).status).toBe(401);
  });
});

describe("stickiness", () => {
  test("weekly: users by distinct active days, with the mean", async () => {
    const res = await post(stickinessRoute, { event: "active", from: "2026-11-09T00:00:00Z", to: "2026-11-23T00:00:00Z", period: "week" });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const [w1, w2] = res.json.periods;
    // W1: d 1 day; n 2 days (two events on 11-10 count once); r 2 days (Monday 00:00 and Sunday 23:59:59).
    expect(w1).toEqual({ start: "2026-11-09T00:00:00Z", daysInRange: 7, users: 3, distribution: [1, 2, 0, 0, 0, 0, 0], mean: 5 / 3 });
    expect(w2).toEqual({ start: "2026-11-16T00:00:00Z", daysInRange: 7, users: 1, distribution: [1, 0, 0, 0, 0, 0, 0], mean: 1 });
    expect(res.json.overall).toEqual({ userPeriods: 4, distribution: [2, 2, 0, 0, 0, 0, 0], mean: 1.5 });
  });

  test("edge weeks count only the days inside the range", async () => {
    const res = await post(stickinessRoute, { event: "active", from: "2026-11-11T00:00:00Z", to: "2026-11-18T00:00:00Z", period: "week" });
    expect(res.json.periods.map((p: { daysInRange: number; distribution: number[] }) => [p.daysInRange, p.distribution.slice(0, 2)])).toEqual([
      [5, [3, 0]],
      [2, [1, 0]],
    ]);
  });

  test("monthly, days 1..31", async () => {
    const res = await post(stickinessRoute, { event: "active", from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", period: "month" });
    expect(res.status).toBe(200);
    const [nov] = res.json.periods;
    expect(nov.distribution).toHaveLength(31);
    // z 1, x 1, d 2, n 3, r 3 days.
    expect(nov.distribution.slice(0, 4)).toEqual([2, 1, 2, 0]);
    expect(nov.mean).toBe(2);
  });

  test("bad input is a 400", async () => {
    expect((await post(stickinessRoute, { ...range, period: "day" })).status).toBe(400);
    expect((await post(stickinessRoute, { ...range, period: "week", event: "" })).status).toBe(400);
  });
});
