// The cohort filter on Overview, Traces, Sessions and Costs, through their route handlers on a real database: each
// filtered figure equals the same figure counted by hand over exactly the cohort's member users.
import { beforeAll, describe, expect, test } from "vitest";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { events, observations, traces } from "@/db/schema";
import * as cohortsRoute from "@/app/api/v1/cohorts/route";
import * as refreshRoute from "@/app/api/v1/cohorts/[id]/refresh/route";
import * as overviewRoute from "@/app/api/v1/overview/route";
import * as costsRoute from "@/app/api/v1/costs/route";
import * as tracesRoute from "@/app/api/v1/traces/route";
import * as sessionsRoute from "@/app/api/v1/sessions/route";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const MEMBERS = new Set(["a1", "a2", "a3"]); // a3 is a member with no activity
const USERS = ["a1", "a2", "x1", "x2"];
let cohortId = "";

// Activity a few hours back from the real clock, so it falls inside the routes' "last N days" windows.
const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000);
type Ev = { user: string; name: string; thumbs?: "up" | "down" };
const EVENTS: Ev[] = [
  { user: "a1", name: "session_started" },
  { user: "a1", name: "message_sent" },
  { user: "a1", name: "message_sent" },
  { user: "a1", name: "error" },
  { user: "a1", name: "feedback", thumbs: "up" },
  { user: "a2", name: "session_started" },
  { user: "a2", name: "message_sent" },
  { user: "a2", name: "feedback", thumbs: "down" },
  { user: "x1", name: "session_started" },
  { user: "x1", name: "session_started" },
  { user: "x1", name: "message_sent" },
  { user: "x1", name: "error" },
  { user: "x1", name: "error" },
  { user: "x2", name: "message_sent" },
  { user: "x2", name: "feedback", thumbs: "up" },
  { user: "x2", name: "feedback", thumbs: "up" },
];
// Per user: traces (one session each), each with one generation costing `cost`.
const TRACES = USERS.flatMap((user, u) => Array.from({ length: u + 1 }, (_, i) => ({ id: `tr-${user}-${i}`, user, cost: (u + 1) * 0.5 + i })));

beforeAll(async () => {
  const p = t.org.project.id;
  await t.h.db.insert(events).values(
    EVENTS.map((e, i) => ({ projectId: p, id: `ev-${i}`, userId: e.user, name: e.name, timestamp: at(2 + i), properties: e.thumbs ? { thumbs: e.thumbs } : {} })),
  );
  await t.h.db.insert(traces).values(TRACES.map((tr, i) => ({ projectId: p, id: tr.id, userId: tr.user, sessionId: `s-${tr.user}`, timestamp: at(3 + i), totalCost: tr.cost, totalTokens: 10 })));
  await t.h.db.insert(observations).values(
    TRACES.map((tr, i) => ({ projectId: p, traceId: tr.id, id: `gen-${tr.id}`, type: "generation" as const, name: "llm", model: "m", startTime: at(3 + i), endTime: at(3 + i), costTotal: tr.cost, usageTotal: 10 })),
  );
  const res = await call(cohortsRoute.POST, "/x", { method: "POST", headers: key(), body: { name: "A", definition: { static: [...MEMBERS] } } });
  cohortId = res.json.id;
  await call(refreshRoute.POST, "/x", { method: "POST", headers: key(), params: { id: cohortId } });
});

const count = (users: (u: string) => boolean, name: string, thumbs?: string) => EVENTS.filter((e) => users(e.user) && e.name === name && (!thumbs || e.thumbs === thumbs)).length;
const member = (u: string) => MEMBERS.has(u);
const anyone = () => true;

describe("Overview", () => {
  test("with a cohort: the members' events only, read from raw events", async () => {
    for (const [query, who, source] of [[`?cohort=${cohortId}`, member, "raw"], ["", anyone, "rollups"]] as const) {
      const res = await call(overviewRoute.GET, `/api/v1/overview${query}`, { headers: key() });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json.source).toBe(source);
      const errors = count(who, "error");
      const messages = count(who, "message_sent");
      const [up, down] = [count(who, "feedback", "up"), count(who, "feedback", "down")];
      expect(res.json.totals).toEqual({ sessions: count(who, "session_started"), messages, errorRate: errors / (messages + errors), thumbsUpRate: up / (up + down), feedbackCount: up + down });
    }
  });

  test("a cohort id that is not a uuid is a 400; no key is a 401", async () => {
    expect((await call(overviewRoute.GET, "/api/v1/overview?cohort=nope", { headers: key() })).status).toBe(400);
    expect((await call(overviewRoute.GET, "/api/v1/overview", {})).status).toBe(401);
  });
});

describe("Costs", () => {
  test("with a cohort: the members' model calls, users and traces only", async () => {
    const res = await call(costsRoute.GET, `/api/v1/costs?range=7d&cohort=${cohortId}`, { headers: key() });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const mine = TRACES.filter((tr) => member(tr.user));
    expect(res.json.totals.calls).toBe(mine.length);
    expect(res.json.totals.cost).toBeCloseTo(mine.reduce((s, tr) => s + tr.cost, 0), 9);
    expect(res.json.totals.tokens).toBe(mine.length * 10);
    expect(res.json.topUsers.map((u: { userId: string }) => u.userId).sort()).toEqual(["a1", "a2"]);
    expect(res.json.topTraces.map((tr: { id: string }) => tr.id).sort()).toEqual(mine.map((tr) => tr.id).sort());
    const all = await call(costsRoute.GET, "/api/v1/costs?range=7d", { headers: key() });
    expect(all.json.totals.calls).toBe(TRACES.length);
    expect((await call(costsRoute.GET, "/api/v1/costs?cohort=nope", { headers: key() })).status).toBe(400);
  });
});

describe("Traces and Sessions", () => {
  test("the traces list holds exactly the members' traces", async () => {
    const res = await call(tracesRoute.GET, `/api/v1/traces?cohort=${cohortId}&limit=100`, { headers: key() });
    expect(res.status).toBe(200);
    expect(res.json.data.map((tr: { id: string }) => tr.id).sort()).toEqual(TRACES.filter((tr) => member(tr.user)).map((tr) => tr.id).sort());
  });

  test("the sessions list holds exactly the members' sessions, with their trace counts", async () => {
    const res = await call(sessionsRoute.GET, `/api/v1/sessions?cohort=${cohortId}`, { headers: key() });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const counts = Object.fromEntries(res.json.data.map((s: { sessionId: string; traceCount: number }) => [s.sessionId, s.traceCount]));
    expect(counts).toEqual({ "s-a1": TRACES.filter((tr) => tr.user === "a1").length, "s-a2": TRACES.filter((tr) => tr.user === "a2").length });
    const all = await call(sessionsRoute.GET, "/api/v1/sessions", { headers: key() });
    expect(all.json.data).toHaveLength(USERS.length);
    expect((await call(sessionsRoute.GET, "/api/v1/sessions?cohort=nope", { headers: key() })).status).toBe(400);
    expect((await call(sessionsRoute.GET, "/api/v1/sessions?cursor=garbage", { headers: key() })).status).toBe(400);
  });
});
