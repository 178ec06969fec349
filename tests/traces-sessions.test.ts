// Sessions as conversations (issue 18): the session page's store function and GET /api/v1/sessions/{id} against
// real ingested traces: turns in time order with their input/output text, latency, cost, scores and sentiment; the
// span of a single-trace session; unknown sessions are 404.
import { beforeAll, expect, test } from "vitest";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { traceSentiment } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import * as sessionRoute from "@/app/api/v1/sessions/[sessionId]/route";
import { getSession } from "@/lib/traces/store/get-session";
import { listSessions } from "@/lib/traces/store/list-sessions";

const t = seededDatabase();
const base = Date.parse("2026-11-21T09:00:00.000Z");
const at = (ms: number) => new Date(base + ms).toISOString();
const post = (batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch } });
const getApi = (sessionId: string, secret = t.org.apiKey.secretKey) =>
  call(sessionRoute.GET, `/api/v1/sessions/${encodeURIComponent(sessionId)}`, { headers: bearer(secret), params: { sessionId } });

/** One turn of a chat: a trace whose root span holds the chat input, and a model call under it that answers. */
function turn(id: string, startMs: number, durationMs: number, user: string, answer: string | null, opts: { sessionId?: string; rootIO?: boolean } = {}) {
  const history = [{ role: "system", content: "You are the support bot." }, { role: "user", content: user }];
  return [
    { id, type: "trace-create", timestamp: at(startMs), body: { name: "chat", sessionId: opts.sessionId ?? "conv-1", userId: "alice", timestamp: at(startMs) } },
    {
      id: `${id}-root`,
      type: "observation-create",
      timestamp: at(startMs),
      body: { traceId: id, type: "agent", name: "agent", startTime: at(startMs), endTime: at(startMs + durationMs), ...(opts.rootIO === false ? {} : { input: history }) },
    },
    {
      id: `${id}-gen`,
      type: "observation-create",
      timestamp: at(startMs),
      body: {
        traceId: id,
        parentObservationId: `${id}-root`,
        type: "generation",
        name: "llm",
        model: "gpt-4o-mini",
        startTime: at(startMs + 10),
        endTime: at(startMs + durationMs - 10),
        usage: { input: 100, output: 20 },
        input: history,
        ...(answer === null ? {} : { output: { role: "assistant", content: answer } }),
      },
    },
  ];
}

beforeAll(async () => {
  // Sent newest first: the conversation must still read oldest first.
  const res = await post([
    ...turn("c3", 120_000, 900, "And in euros?", "About 46 EUR."),
    ...turn("c1", 0, 2_000, "What does the Pro plan cost?", "It costs $49 a month."),
    ...turn("c2", 60_000, 1_200, "Is there a yearly discount?", null, { rootIO: false }),
    { id: "c2-score", type: "score-create", timestamp: at(61_000), body: { traceId: "c2", name: "helpful", value: 0.5 } },
    ...turn("solo-1", 300_000, 1_500, "Hello?", "Hi!", { sessionId: "solo" }),
    { id: "bare-1", type: "trace-create", timestamp: at(400_000), body: { name: "ping", sessionId: "bare", timestamp: at(400_000) } },
  ]);
  expect(res.json.errors).toEqual([]);
  await t.h.db.insert(traceSentiment).values({
    projectId: t.org.project.id,
    traceId: "c1",
    timestamp: new Date(at(0)),
    polarity: -0.6,
    label: "negative",
    analyzer: "test",
    observationCount: 2,
    commentCount: 0,
    analyzedAt: new Date(),
  });
});

test("a session reads as its turns in time order, each with the user's words, the answer, latency, cost, scores and sentiment", async () => {
  const session = await getSession(t.h.db, t.org.project.id, "conv-1");
  expect(session).toMatchObject({ sessionId: "conv-1", userId: "alice", traceCount: 3, errorTraces: 0 });
  expect(session!.turns.map((x) => [x.traceId, x.input, x.output])).toEqual([
    ["c1", "What does the Pro plan cost?", "It costs $49 a month."],
    // No output on the root or the model call: nothing is invented. The input comes from the model call's messages.
    ["c2", "Is there a yearly discount?", null],
    ["c3", "And in euros?", "About 46 EUR."],
  ]);
  const [c1, c2, c3] = session!.turns;
  expect(c1).toMatchObject({ name: "chat", latencyMs: 2_000, sentiment: { label: "negative", polarity: -0.6 }, scores: [] });
  expect(c1.totalCost).toBeGreaterThan(0);
  expect(session!.totalCost).toBeCloseTo(c1.totalCost + c2.totalCost + c3.totalCost, 10);
  expect(c2).toMatchObject({ latencyMs: 1_200, sentiment: null, scores: [{ name: "helpful", value: 0.5, dataType: "numeric", source: "api" }] });
  expect(c3.latencyMs).toBe(900);
  // From the first turn's start to the last turn's end, not between two starts.
  expect(session!.spanMs).toBe(120_900);
});

test("a single-trace session spans its trace's latency, and one without any timing has no span rather than 0 ms", async () => {
  expect(await getSession(t.h.db, t.org.project.id, "solo")).toMatchObject({ traceCount: 1, spanMs: 1_500 });
  expect(await getSession(t.h.db, t.org.project.id, "bare")).toMatchObject({ traceCount: 1, spanMs: null, turns: [expect.objectContaining({ traceId: "bare-1", input: null, output: null, latencyMs: null })] });
  const listed = await listSessions(t.h.db, t.org.project.id, { limit: 10 });
  expect(Object.fromEntries(listed.items.map((s) => [s.sessionId, s.spanMs]))).toEqual({ bare: null, solo: 1_500, "conv-1": 120_900 });
});

test("GET /api/v1/sessions/{id} answers the conversation to the project's key, and 404 for an unknown or another project's session", async () => {
  const res = await getApi("conv-1");
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ sessionId: "conv-1", traceCount: 3, spanMs: 120_900 });
  expect(res.json.turns.map((x: { traceId: string; input: string }) => [x.traceId, x.input])).toEqual([
    ["c1", "What does the Pro plan cost?"],
    ["c2", "Is there a yearly discount?"],
    ["c3", "And in euros?"],
  ]);
  const unknown = await getApi("no-such-session");
  expect(unknown.status).toBe(404);
  expect(unknown.json.error.code).toBe("not_found");
  const other = await seedOrg(t.h.db, "Other sessions org");
  expect((await getApi("conv-1", other.apiKey.secretKey)).status).toBe(404);
});

test("signed-in readers get the session too; a member without traces:read is refused", async () => {
  const asAnalyst = await call(sessionRoute.GET, "/api/v1/sessions/solo", { as: t.org.users.analyst.id, params: { sessionId: "solo" } });
  expect(asAnalyst.status).toBe(200);
  expect(asAnalyst.json.turns[0]).toMatchObject({ traceId: "solo-1", input: "Hello?", output: "Hi!" });
  const asMember = await call(sessionRoute.GET, "/api/v1/sessions/solo", { as: t.org.users.member.id, params: { sessionId: "solo" } });
  expect(asMember.status).toBe(403);
});
