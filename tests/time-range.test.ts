// The global time range through the Overview, Costs and Sessions route handlers on a real database: for a custom
// range and the previous period, each figure equals the same figure counted directly over the raw rows, and the
// previous period's coverage (full, partial, none) follows where the data starts.
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { rowsOf } from "@/db/client";
import { events, observations, traces } from "@/db/schema";
import { recomputeRollups } from "@/lib/monitoring/store/recompute-rollups";
import * as overviewRoute from "@/app/api/v1/overview/route";
import * as costsRoute from "@/app/api/v1/costs/route";
import * as sessionsRoute from "@/app/api/v1/sessions/route";
import * as tracesRoute from "@/app/api/v1/traces/route";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const DAY = 86_400_000;
// Fixed past dates (no wall clock): data from 2026-09-30 12:00 to 2026-10-14, one item every 7 hours.
const START = Date.parse("2026-09-30T12:00:00Z");
const END = Date.parse("2026-10-15T00:00:00Z");
const NAMES = ["session_started", "message_sent", "message_sent", "error", "feedback"];

beforeAll(async () => {
  const p = t.org.project.id;
  const times: Date[] = [];
  for (let ms = START; ms < END; ms += 7 * 3_600_000) times.push(new Date(ms));
  await t.h.db.insert(events).values(
    times.map((ts, i) => ({ projectId: p, id: `ev-${i}`, userId: `u${i % 5}`, name: NAMES[i % NAMES.length], timestamp: ts, properties: i % 2 ? { thumbs: "up" } : { thumbs: "down" } })),
  );
  await t.h.db.insert(traces).values(times.map((ts, i) => ({ projectId: p, id: `tr-${i}`, userId: `u${i % 5}`, sessionId: `s-${i % 4}`, timestamp: ts, totalCost: 0.01 * (i % 7), totalTokens: 10 + i })));
  await t.h.db.insert(observations).values(
    times.map((ts, i) => ({ projectId: p, traceId: `tr-${i}`, id: `gen-${i}`, type: "generation" as const, name: "llm", model: i % 3 ? "m-a" : "m-b", startTime: ts, endTime: new Date(ts.getTime() + 900), level: i % 11 === 0 ? ("ERROR" as const) : ("DEFAULT" as const), costTotal: 0.01 * (i % 7), usageTotal: 10 + i })),
  );
});

const n = async (q: ReturnType<typeof sql>) => Number(rowsOf<{ n: number }>(await t.h.db.execute(q))[0].n);
const eventCount = (name: string, from: string, to: string) =>
  n(sql`select count(*)::int as n from events where project_id = ${t.org.project.id} and name = ${name} and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz`);
const callTotals = async (from: string, to: string) =>
  rowsOf<{ calls: number; cost: number; errors: number }>(
    await t.h.db.execute(sql`select count(*)::int as calls, coalesce(sum(cost_total), 0)::float8 as cost, count(*) filter (where level = 'ERROR')::int as errors from observations
      where project_id = ${t.org.project.id} and type = 'generation' and start_time >= ${from}::timestamptz and start_time < ${to}::timestamptz`),
  )[0];

describe("Overview over a custom range", () => {
  test("totals and the previous period equal direct counts; coverage follows the first event", async () => {
    for (const rolled of [false, true]) {
      // Once with every day read live, once with the whole days from their daily rollups.
      if (rolled) await recomputeRollups(t.h.db, t.org.project.id, "day", new Date("2026-09-30T00:00:00Z"), new Date("2026-10-15T00:00:00Z"));
      const res = await call(overviewRoute.GET, "/api/v1/overview?from=2026-10-08&to=2026-10-14&compare=previous", { headers: key() });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json.from).toBe("2026-10-08T00:00:00.000Z");
      expect(res.json.to).toBe("2026-10-15T00:00:00.000Z");
      expect(res.json.totals.sessions).toBe(await eventCount("session_started", "2026-10-08", "2026-10-15"));
      expect(res.json.totals.messages).toBe(await eventCount("message_sent", "2026-10-08", "2026-10-15"));
      expect(res.json.days.map((d: { day: string }) => d.day)).toEqual(Array.from({ length: 7 }, (_, i) => new Date(Date.parse("2026-10-08") + i * DAY).toISOString().slice(0, 10)));
      expect(res.json.previous.from).toBe("2026-10-01T00:00:00.000Z");
      expect(res.json.previous.totals.sessions).toBe(await eventCount("session_started", "2026-10-01", "2026-10-08"));
      expect(res.json.previous.totals.messages).toBe(await eventCount("message_sent", "2026-10-01", "2026-10-08"));
      expect(res.json.previous.coverage).toBe("full");
    }
  });

  test("a previous period the data starts inside is partial; one before any data has none", async () => {
    const partial = await call(overviewRoute.GET, "/api/v1/overview?from=2026-10-01&to=2026-10-07&compare=previous", { headers: key() });
    expect(partial.json.previous.coverage).toBe("partial");
    expect(partial.json.previous.totals.messages).toBe(await eventCount("message_sent", "2026-09-24", "2026-10-01"));
    const none = await call(overviewRoute.GET, "/api/v1/overview?from=2026-09-23&to=2026-09-29&compare=previous", { headers: key() });
    expect(none.json.previous.coverage).toBe("none");
    const off = await call(overviewRoute.GET, "/api/v1/overview?from=2026-10-08&to=2026-10-14", { headers: key() });
    expect(off.json.previous).toBeNull();
  });

  test("a bad range is a 400 that says what is wrong", async () => {
    for (const [q, message] of [["range=14d", /range: must be one of 24h, 7d, 30d, 90d/], ["from=2026-10-14&to=2026-10-01", /end must be after the start/], ["compare=last", /compare: must be "previous"/]] as const) {
      const res = await call(overviewRoute.GET, `/api/v1/overview?${q}`, { headers: key() });
      expect(res.status).toBe(400);
      expect(res.json.error.message).toMatch(message);
    }
  });
});

describe("Costs over a custom range", () => {
  test("totals and the previous period's equal direct sums of the model calls", async () => {
    const res = await call(costsRoute.GET, "/api/v1/costs?from=2026-10-08&to=2026-10-14&compare=previous", { headers: key() });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const now = await callTotals("2026-10-08", "2026-10-15");
    const before = await callTotals("2026-10-01", "2026-10-08");
    expect(res.json.totals.calls).toBe(now.calls);
    expect(res.json.totals.cost).toBeCloseTo(now.cost, 9);
    expect(res.json.totals.errors).toBe(now.errors);
    expect(res.json.previous.totals.calls).toBe(before.calls);
    expect(res.json.previous.totals.cost).toBeCloseTo(before.cost, 9);
    expect(res.json.previous.coverage).toBe("full");
    const partial = await call(costsRoute.GET, "/api/v1/costs?from=2026-10-01&to=2026-10-07&compare=previous", { headers: key() });
    expect(partial.json.previous.coverage).toBe("partial");
    expect((await call(costsRoute.GET, "/api/v1/costs?range=90d", { headers: key() })).status).toBe(200);
    expect((await call(costsRoute.GET, "/api/v1/costs?range=1y", { headers: key() })).status).toBe(400);
  });
});

describe("Sessions and traces over the same window", () => {
  test("a session's trace count in the window equals the traces listed for it in that window", async () => {
    const [from, to] = ["2026-10-08T00:00:00.000Z", "2026-10-15T00:00:00.000Z"];
    const res = await call(sessionsRoute.GET, `/api/v1/sessions?from=${from}&to=${to}`, { headers: key() });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.data.length).toBe(4);
    for (const s of res.json.data) {
      const direct = await n(sql`select count(*)::int as n from traces where project_id = ${t.org.project.id} and session_id = ${s.sessionId} and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz`);
      expect(s.traceCount).toBe(direct);
      const listed = await call(tracesRoute.GET, `/api/v1/traces?sessionId=${s.sessionId}&from=${from}&to=${new Date(Date.parse(to) - 1).toISOString()}&limit=100`, { headers: key() });
      expect(listed.json.data.length).toBe(direct);
    }
    const all = await call(sessionsRoute.GET, "/api/v1/sessions?from=2026-01-01&to=2026-12-31", { headers: key() });
    expect(all.json.data.reduce((sum: number, s: { traceCount: number }) => sum + s.traceCount, 0)).toBeGreaterThan(res.json.data.reduce((sum: number, s: { traceCount: number }) => sum + s.traceCount, 0));
  });
});
