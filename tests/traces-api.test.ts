import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { observations, scores, traces } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import * as list from "@/app/api/v1/traces/route";
import * as sessionList from "@/app/api/v1/sessions/route";
import * as detail from "@/app/api/v1/traces/[traceId]/route";
import * as scoreRoute from "@/app/api/v1/scores/route";

const t = seededDatabase();
const post = (batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch } });
const get = (query: string) => call(list.GET, `/api/v1/traces${query}`, { headers: bearer(t.org.apiKey.secretKey) });
const ts = "2026-11-20T10:00:00.000Z";
const at = (s: number) => new Date(Date.parse(ts) + s * 1000).toISOString();

/** Trace t1 (agent o1 > generation o2, score sc1) and two bad items: posted by the first test, replayed (a no-op) by the
 * tests that read it, so each test stands alone in any order. */
const checkoutBatch = [
  { id: "t1", type: "trace-create", timestamp: ts, body: { name: "checkout-assistant", userId: "u1", sessionId: "s1", tags: ["b", "a"], environment: "production", metadata: { note: "call +1 415 555 0100" } } },
  { id: "o1", type: "observation-create", timestamp: ts, body: { traceId: "t1", name: "agent", type: "agent", startTime: at(0), endTime: at(3) } },
  { id: "o2", type: "observation-create", timestamp: ts, body: { traceId: "t1", parentObservationId: "o1", type: "generation", name: "llm", model: "gpt-4o-mini", startTime: at(1), usage: { input: 2000, output: 100 }, input: [{ role: "user", content: "my card is 4111 1111 1111 1111" }] } },
  { id: "o2-end", type: "observation-update", timestamp: ts, body: { traceId: "t1", id: "o2", endTime: at(2), output: { role: "assistant", content: "Done" } } },
  { id: "o-missing", type: "observation-update", timestamp: ts, body: { traceId: "t1", id: "nope", endTime: at(2) } },
  { id: "o-bad", type: "observation-create", timestamp: ts, body: { name: "no trace" } },
  { id: "sc1", type: "score-create", timestamp: ts, body: { traceId: "t1", name: "helpful", value: true } },
];
const postCheckout = () => post(checkoutBatch);

test("the batch API stores traces, observations, updates and scores, masks them and computes cost", async () => {
  const res = await postCheckout();
  expect(res.status).toBe(207);
  expect(res.json.successes.map((s: { id: string }) => s.id).sort()).toEqual(["o1", "o2", "o2-end", "sc1", "t1"]);
  expect(res.json.errors).toEqual([
    { id: "o-bad", status: 400, message: "body.traceId: Invalid input: expected string, received undefined" },
    expect.objectContaining({ id: "o-missing", status: 404, message: expect.stringMatching(/^body\.id: observation "nope"/) }),
  ]);
  const [tr] = await t.h.db.select().from(traces).where(and(eq(traces.projectId, t.org.project.id), eq(traces.id, "t1")));
  expect(tr).toMatchObject({ name: "checkout-assistant", tags: ["a", "b"], environment: "production", observationCount: 2, inputTokens: 2000, outputTokens: 100, latencyMs: 3000 });
  expect(JSON.stringify(tr.metadata)).toContain("[PHONE]");
  expect(tr.totalCost).toBeGreaterThan(0);
  const [gen] = await t.h.db.select().from(observations).where(and(eq(observations.projectId, t.org.project.id), eq(observations.id, "o2")));
  expect(gen).toMatchObject({ type: "generation", name: "llm", costSource: "computed", output: { role: "assistant", content: "Done" } });
  expect(gen.endTime?.toISOString()).toBe(at(2));
  expect(JSON.stringify(gen.input)).toContain("[CARD]");
  const [sc] = await t.h.db.select().from(scores).where(and(eq(scores.projectId, t.org.project.id), eq(scores.id, "sc1")));
  expect(sc).toMatchObject({ id: "sc1", value: 1, dataType: "boolean", source: "api" });

  // A replay changes nothing.
  const before = await t.h.db.select().from(traces).where(eq(traces.projectId, t.org.project.id));
  await post([{ id: "t1", type: "trace-create", timestamp: ts, body: { name: "checkout-assistant", userId: "u1", sessionId: "s1", tags: ["b", "a"], environment: "production" } }]);
  expect(await t.h.db.select().from(traces).where(eq(traces.projectId, t.org.project.id))).toEqual(before);
});

test("the list API filters, sorts and pages with a cursor", async () => {
  const items = Array.from({ length: 7 }, (_, i) => [
    { id: `l${i}`, type: "trace-create", timestamp: ts, body: { name: i % 2 ? "Search flow" : "chat", userId: `lu${i % 3}`, timestamp: at(100 + i), tags: i === 3 ? ["vip"] : [] } },
    { id: `l${i}-g`, type: "observation-create", timestamp: ts, body: { traceId: `l${i}`, type: "generation", name: "g", model: i < 4 ? "gpt-4o" : "claude-3-5-haiku", startTime: at(100 + i), endTime: at(100 + i + i), usage: { input: 100 * (i + 1), output: 10 } } },
  ]).flat();
  expect((await post(items)).json.errors).toEqual([]);
  // These traces' time range: other tests' traces (the sessions test's, minutes later) stay out of the sorted pages.
  const range = `from=${at(50)}&to=${at(200)}`;
  // Every query names its window: without one the list covers the last 7 days (the next test).
  const window = "from=2026-11-01&to=2026-12-31";

  const page1 = await get(`?name=search&limit=2&${window}`);
  expect(page1.status).toBe(200);
  expect(page1.json.data.map((r: { id: string }) => r.id)).toEqual(["l5", "l3"]);
  const page2 = await get(`?name=search&limit=2&cursor=${page1.json.nextCursor}&${window}`);
  expect(page2.json.data.map((r: { id: string }) => r.id)).toEqual(["l1"]);
  expect(page2.json.nextCursor).toBeNull();

  expect((await get(`?model=claude-3-5-haiku&${window}`)).json.data.map((r: { id: string }) => r.id)).toEqual(["l6", "l5", "l4"]);
  expect((await get(`?tag=vip&${window}`)).json.data.map((r: { id: string }) => r.id)).toEqual(["l3"]);
  expect((await get(`?userId=lu0&minLatencyMs=1000&${window}`)).json.data.map((r: { id: string }) => r.id)).toEqual(["l6", "l3"]);
  const byLatency = await get(`?sort=latency&order=asc&limit=3&${range}`);
  expect(byLatency.json.data.map((r: { id: string }) => r.id)).toEqual(["l0", "l1", "l2"]);
  const next = await get(`?sort=latency&order=asc&limit=3&${range}&cursor=${byLatency.json.nextCursor}`);
  expect(next.json.data.map((r: { id: string }) => r.id)).toEqual(["l3", "l4", "l5"]);
  // Pages of two concatenate to the single page, for each sort (no gaps or repeats at the cursor).
  for (const sort of ["tokens", "cost", "latency"]) {
    const whole = (await get(`?sort=${sort}&order=desc&limit=50&${range}`)).json.data.map((r: { id: string }) => r.id);
    expect(whole).toHaveLength(7);
    const seen: string[] = [];
    let cursor = "";
    do {
      const page = await get(`?sort=${sort}&order=desc&limit=2&${range}${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.json.data.map((r: { id: string }) => r.id));
      cursor = page.json.nextCursor ?? "";
    } while (cursor);
    expect(seen, sort).toEqual(whole);
  }
  // Input tokens grow with i.
  expect((await get(`?sort=tokens&order=desc&limit=50&${range}`)).json.data.map((r: { id: string }) => r.id)).toEqual(["l6", "l5", "l4", "l3", "l2", "l1", "l0"]);

  expect((await get(`?minCost=abc&${window}`)).json.error.message).toBe("minCost: must be a number");
  expect((await get(`?cursor=garbage&${window}`)).status).toBe(400);
  expect((await get(`?level=FATAL&${window}`)).status).toBe(400);
});

test("without a range the trace and session lists cover the last 7 days, as their pages do; a bad range is a 400 naming the field", async () => {
  // A project of its own (these traces are recent, the other tests' are not); two days and nine days before this run,
  // a day's margin from the window's edge either way.
  const { seedOrg } = await import("./support/fixtures");
  const org = await seedOrg(t.h.db, "Default window");
  const auth = { headers: bearer(org.apiKey.secretKey) };
  const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const posted = await call(ingest.POST, "/api/v1/ingest", { method: "POST", ...auth, body: { batch: [
    { id: "w-recent", type: "trace-create", timestamp: ago(2), body: { name: "recent", sessionId: "s-recent", timestamp: ago(2) } },
    { id: "w-old", type: "trace-create", timestamp: ago(9), body: { name: "old", sessionId: "s-old", timestamp: ago(9) } },
  ] } });
  expect(posted.json.errors).toEqual([]);
  const traceIds = async (q: string) => (await call(list.GET, `/api/v1/traces${q}`, auth)).json.data.map((r: { id: string }) => r.id);
  const sessions = (q: string) => call(sessionList.GET, `/api/v1/sessions${q}`, auth);
  const sessionIds = async (q: string) => (await sessions(q)).json.data.map((r: { sessionId: string }) => r.sessionId);

  expect(await traceIds("")).toEqual(["w-recent"]);
  expect(await traceIds("?range=30d")).toEqual(["w-recent", "w-old"]);
  expect(await traceIds(`?from=${ago(10)}&to=${ago(8)}`)).toEqual(["w-old"]);
  expect(await sessionIds("")).toEqual(["s-recent"]);
  expect(await sessionIds("?range=30d")).toEqual(["s-recent", "s-old"]);

  for (const read of [(q: string) => call(list.GET, `/api/v1/traces${q}`, auth), sessions]) {
    const preset = await read("?range=1y");
    expect(preset.status).toBe(400);
    expect(preset.json.error.message).toMatch(/^range: must be one of 24h, 7d, 30d, 90d/);
    expect((await read("?from=yesterday")).json.error.message).toMatch(/^from: "yesterday" is not a date/);
    expect((await read("?to=2026-11-02")).json.error.message).toMatch(/^from: a custom range needs a start/);
  }
});

test("the detail API returns observations and scores, 404 for unknown and other projects' traces", async () => {
  await postCheckout();
  const res = await call(detail.GET, "/api/v1/traces/t1", { headers: bearer(t.org.apiKey.secretKey), params: { traceId: "t1" } });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ id: "t1", name: "checkout-assistant" });
  expect(res.json.observations.map((o: { id: string }) => o.id)).toEqual(["o1", "o2"]);
  // Every stored field of every observation, with the stored types (dates, numbers, JSON payloads).
  const stored = await t.h.db.select().from(observations).where(and(eq(observations.projectId, t.org.project.id), eq(observations.traceId, "t1")));
  const expected = stored.sort((a, b) => a.startTime.getTime() - b.startTime.getTime()).map(({ projectId: _p, createdAt: _c, ...o }) => JSON.parse(JSON.stringify(o)));
  expect(res.json.observations).toEqual(expected);
  expect(expected.find((o: { id: string }) => o.id === "o2")).toMatchObject({ model: expect.any(String), usageInput: expect.any(Number), costTotal: expect.any(Number) });
  expect(res.json.scores).toHaveLength(1);
  expect(res.json.projectId).toBeUndefined();
  const missing = await call(detail.GET, "/api/v1/traces/zzz", { headers: bearer(t.org.apiKey.secretKey), params: { traceId: "zzz" } });
  expect(missing.status).toBe(404);
});

test("analysts add human scores; viewers cannot; unknown traces are 404", async () => {
  // A trace of its own, so the human score does not change what the other tests read from t1.
  await post([
    { id: "hs", type: "trace-create", timestamp: ts, body: { name: "scored" } },
    { id: "hs-g", type: "observation-create", timestamp: ts, body: { traceId: "hs", type: "generation", name: "llm", startTime: at(0), endTime: at(1) } },
  ]);
  const body = { traceId: "hs", observationId: "hs-g", name: "correctness", value: 4, comment: "ok, mail a@b.co" };
  const res = await call(scoreRoute.POST, "/api/v1/scores", { method: "POST", body, as: t.org.users.analyst.id });
  expect(res.status).toBe(201);
  expect(res.json).toMatchObject({ name: "correctness", value: 4, dataType: "numeric", source: "human", authorUserId: t.org.users.analyst.id });
  expect((await call(scoreRoute.POST, "/api/v1/scores", { method: "POST", body, as: t.org.users.viewer.id })).status).toBe(403);
  expect((await call(scoreRoute.POST, "/api/v1/scores", { method: "POST", body: { ...body, traceId: "nope" }, as: t.org.users.analyst.id })).status).toBe(404);
  const bad = await call(scoreRoute.POST, "/api/v1/scores", { method: "POST", body: { ...body, name: "" }, as: t.org.users.analyst.id });
  expect(bad.json.error.message).toBe("name: is required");
});

test("retention removes expired traces with their observations and scores, and keeps the rest", async () => {
  const { enforceRetention } = await import("@/lib/retention/store/enforce");
  await postCheckout();
  const old = new Date(Date.now() - 200 * 86_400_000).toISOString();
  await post([
    { id: "old", type: "trace-create", timestamp: old, body: { name: "old" } },
    { id: "old-o", type: "observation-create", timestamp: old, body: { traceId: "old", name: "x" } },
    { id: "old-s", type: "score-create", timestamp: old, body: { traceId: "old", name: "q", value: 1 } },
  ]);
  const result = await enforceRetention(t.h.db);
  expect(result.find((r) => r.projectId === t.org.project.id)?.tracesDeleted).toBe(1);
  const mine = eq(observations.projectId, t.org.project.id);
  expect((await t.h.db.select().from(observations).where(and(mine, eq(observations.traceId, "old")))).length).toBe(0);
  expect((await t.h.db.select().from(scores).where(and(eq(scores.projectId, t.org.project.id), eq(scores.traceId, "old")))).length).toBe(0);
  expect((await t.h.db.select().from(traces).where(and(eq(traces.projectId, t.org.project.id), eq(traces.id, "t1")))).length).toBe(1);
});

test("sessions group traces by session id, newest activity first, with cursor pages", async () => {
  const { listSessions } = await import("@/lib/traces/store/list-sessions");
  await post([
    { id: "sa1", type: "trace-create", timestamp: at(500), body: { name: "a", sessionId: "sess-a", userId: "ua" } },
    { id: "sa2", type: "trace-create", timestamp: at(560), body: { name: "a", sessionId: "sess-a", userId: "ua" } },
    { id: "sb1", type: "trace-create", timestamp: at(600), body: { name: "b", sessionId: "sess-b", userId: "ub" } },
  ]);
  const first = await listSessions(t.h.db, t.org.project.id, { limit: 1 });
  expect(first.items).toEqual([expect.objectContaining({ sessionId: "sess-b", traceCount: 1, userId: "ub" })]);
  const second = await listSessions(t.h.db, t.org.project.id, { limit: 1, cursor: first.nextCursor! });
  expect(second.items).toEqual([expect.objectContaining({ sessionId: "sess-a", traceCount: 2 })]);
  expect(second.items[0].lastAt.getTime() - second.items[0].firstAt.getTime()).toBe(60_000);
  const byUser = await listSessions(t.h.db, t.org.project.id, { limit: 10, userId: "ua" });
  expect(byUser.items.map((s) => s.sessionId)).toEqual(["sess-a"]);
});

test("session pages equal a grouping of every trace: ties, cursors and the user filter included", async () => {
  const { listSessions } = await import("@/lib/traces/store/list-sessions");
  const { seedOrg } = await import("./support/fixtures");
  const org = await seedOrg(t.h.db, "Sessions paging");
  const base = Date.parse("2026-10-01T00:00:00Z");
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  // 80 traces in 17 sessions on a coarse clock (many equal timestamps, inside and across sessions), two users.
  const rows = Array.from({ length: 80 }, (_, i) => ({
    projectId: org.project.id,
    id: `st-${i}`,
    name: "chat",
    sessionId: `s-${Math.floor(random() * 17)}`,
    userId: random() < 0.5 ? "alice" : "bob",
    timestamp: new Date(base + Math.floor(random() * 12) * 60_000),
    totalCost: Math.round(random() * 100) / 1000,
    totalTokens: Math.floor(random() * 500),
    level: random() < 0.1 ? ("ERROR" as const) : ("DEFAULT" as const),
  }));
  await t.h.db.insert(traces).values(rows);
  const expected = (userId?: string) => {
    const groups = new Map<string, typeof rows>();
    for (const r of rows.filter((x) => !userId || x.userId === userId)) groups.set(r.sessionId, [...(groups.get(r.sessionId) ?? []), r]);
    return [...groups].map(([sessionId, g]) => ({
      sessionId,
      userId: g.map((r) => r.userId).sort()[0],
      traceCount: g.length,
      firstAt: new Date(Math.min(...g.map((r) => r.timestamp.getTime()))),
      lastAt: new Date(Math.max(...g.map((r) => r.timestamp.getTime()))),
      // No latencies here: the span runs from the first start to the last start, and a single start is no span.
      spanMs: Math.max(...g.map((r) => r.timestamp.getTime())) - Math.min(...g.map((r) => r.timestamp.getTime())) || null,
      totalTokens: g.reduce((s, r) => s + r.totalTokens, 0),
      totalCost: expect.closeTo(g.reduce((s, r) => s + r.totalCost, 0), 10),
      errorTraces: g.filter((r) => r.level === "ERROR").length,
    })).sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime() || (a.sessionId < b.sessionId ? 1 : -1));
  };
  for (const userId of [undefined, "alice"]) {
    const seen = [];
    let cursor: string | undefined;
    do {
      const page = await listSessions(t.h.db, org.project.id, { limit: 4, userId, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen, userId ?? "all users").toEqual(expected(userId));
  }
});
