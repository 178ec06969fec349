// Sentiment on production traces: the job requested by ingest, what it reads (masked user text, never dropped
// payloads), idempotency, the trace detail field, the list filter, the dashboard route and erasure.
import { beforeAll, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { jobRuns, traceSentiment } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import * as list from "@/app/api/v1/traces/route";
import * as detail from "@/app/api/v1/traces/[traceId]/route";
import * as settingsRoute from "@/app/api/v1/trace-settings/route";
import * as dashboardRoute from "@/app/api/v1/sentiment/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { sentimentAnalysis } from "@/inngest/functions/sentiment-analysis";
import { analyzePendingTraces } from "@/lib/sentiment/store/analyze-traces";
import { localSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import type { SentimentAnalyzer, SentimentReading } from "@/lib/sentiment/types";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const ts = "2026-11-20T10:00:00.000Z";
const at = (s: number) => new Date(Date.parse(ts) + s * 1000).toISOString();
const now = new Date("2026-11-21T00:00:00.000Z");

function traceItems(id: string, input: unknown, opts: { userId?: string; sessionId?: string; toolError?: boolean; offset?: number } = {}) {
  const o = opts.offset ?? 0;
  return [
    { id, type: "trace-create", timestamp: ts, body: { name: "support-chat", userId: opts.userId ?? "u1", sessionId: opts.sessionId, timestamp: at(o) } },
    { id: `${id}-root`, type: "observation-create", timestamp: ts, body: { traceId: id, type: "agent", name: "agent", startTime: at(o), endTime: at(o + 3), input } },
    { id: `${id}-gen`, type: "observation-create", timestamp: ts, body: { traceId: id, parentObservationId: `${id}-root`, type: "generation", name: "answer", model: "gpt-4o-mini", startTime: at(o + 1), endTime: at(o + 2), input: [{ role: "system", content: "You are helpful." }] } },
    ...(opts.toolError ? [{ id: `${id}-tool`, type: "observation-create", timestamp: ts, body: { traceId: id, parentObservationId: `${id}-root`, type: "tool", name: "run_sql", startTime: at(o + 2), endTime: at(o + 3), level: "ERROR", statusMessage: "permission denied" } }] : []),
  ];
}
const post = (secret: string, batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(secret), body: { batch } });
const rowOf = async (projectId: string, traceId: string) =>
  (await t.h.db.select().from(traceSentiment).where(and(eq(traceSentiment.projectId, projectId), eq(traceSentiment.traceId, traceId))))[0];

async function runQueuedJobs() {
  const runner = new EmbeddedRunner(t.h.db, [sentimentAnalysis], { log: () => {} });
  await runner.drain();
}

beforeAll(async () => {
  const res = await post(t.org.apiKey.secretKey, [
    ...traceItems("angry", [{ role: "system", content: "Be brief." }, { role: "user", content: "It still doesn't work, this is so annoying!" }], { toolError: true, sessionId: "s-angry" }),
    ...traceItems("happy", "Thanks, that worked perfectly!", { sessionId: "s-happy", offset: 10 }),
    ...traceItems("plain", { query: "invoice export csv" }, { sessionId: "s-plain", offset: 20 }),
    ...traceItems("no-text", { document: "report.pdf" }, { offset: 30 }),
    ...traceItems("other-user", "Thank you so much, great help!", { userId: "u2", offset: 40 }),
  ]);
  expect(res.json.errors).toEqual([]);
}, 60_000);

test("trace ingest requests the sentiment job, which analyses the user's words of each trace", async () => {
  const pid = t.org.project.id;
  const runs = await t.h.db.select().from(jobRuns).where(and(eq(jobRuns.functionId, "sentiment-analysis"), eq(jobRuns.projectId, pid)));
  expect(runs).toHaveLength(1);
  await runQueuedJobs();
  expect(await rowOf(pid, "angry")).toMatchObject({ label: "negative", textCount: 1 });
  expect((await rowOf(pid, "angry")).detected).toContain("frustration");
  expect(await rowOf(pid, "happy")).toMatchObject({ label: "positive", textCount: 1 });
  // Examined, nothing to analyse: a row without a reading, so it is not examined again.
  expect(await rowOf(pid, "no-text")).toMatchObject({ polarity: null, label: null, textCount: 0 });
});

test("rerunning finds nothing to do; a new feedback comment makes the trace pending again", async () => {
  const pid = t.org.project.id;
  await runQueuedJobs();
  const analyzer = localSentimentAnalyzer();
  expect(await analyzePendingTraces(t.h.db, pid, analyzer, { now })).toMatchObject({ examined: 0, analysed: 0 });
  const res = await post(t.org.apiKey.secretKey, [{ id: "c1", type: "score-create", timestamp: ts, body: { traceId: "plain", name: "user_rating", value: 1, comment: "Terrible, this answer was wrong and useless." } }]);
  expect(res.json.errors).toEqual([]);
  expect(await analyzePendingTraces(t.h.db, pid, analyzer, { now })).toMatchObject({ examined: 1, analysed: 1 });
  expect(await rowOf(pid, "plain")).toMatchObject({ label: "negative", textCount: 2, commentCount: 1 });
  expect(await analyzePendingTraces(t.h.db, pid, analyzer, { now })).toMatchObject({ examined: 0, analysed: 0 });
});

test("a crash mid-batch writes nothing, and the retry analyses every trace once", async () => {
  const fresh = await seedOrg(t.h.db);
  expect((await post(fresh.apiKey.secretKey, [...traceItems("x1", "great, thanks"), ...traceItems("x2", "this is broken", { offset: 5 })])).json.errors).toEqual([]);
  let calls = 0;
  const failing: SentimentAnalyzer = {
    version: "failing",
    async analyze(): Promise<SentimentReading[]> {
      calls++;
      throw new Error("analyzer crashed");
    },
  };
  await expect(analyzePendingTraces(t.h.db, fresh.project.id, failing, { now })).rejects.toThrow("analyzer crashed");
  expect(calls).toBe(1);
  expect(await t.h.db.select().from(traceSentiment).where(eq(traceSentiment.projectId, fresh.project.id))).toEqual([]);
  expect(await analyzePendingTraces(t.h.db, fresh.project.id, localSentimentAnalyzer(), { now })).toMatchObject({ examined: 2, analysed: 2 });
});

test("masked text is analysed after masking; dropped payloads are never analysed", async () => {
  const fresh = await seedOrg(t.h.db);
  const pid = fresh.project.id;
  const seen: string[] = [];
  const recording: SentimentAnalyzer = {
    version: "recording",
    async analyze(texts) {
      seen.push(...texts);
      return localSentimentAnalyzer().analyze(texts);
    },
  };
  await post(fresh.apiKey.secretKey, traceItems("masked", "I am furious, charge on card 4111 1111 1111 1111 again!"));
  await analyzePendingTraces(t.h.db, pid, recording, { now });
  expect(seen).toHaveLength(1);
  expect(seen[0]).toContain("[CARD]");
  expect(seen[0]).not.toContain("4111");

  const put = await call(settingsRoute.PUT, "/api/v1/trace-settings", {
    method: "PUT",
    as: fresh.users.owner.id,
    body: { sampleRate: 1, masking: { enabled: true, rules: {}, customPatterns: [], dropPayloads: true } },
  });
  expect(put.status).toBe(200);
  // The settings apply to this project only; a session's project is the member's first one.
  await post(fresh.apiKey.secretKey, traceItems("dropped", "I am furious about this!", { offset: 50 }));
  seen.length = 0;
  await analyzePendingTraces(t.h.db, pid, recording, { now });
  expect(seen).toEqual([]);
  expect(await rowOf(pid, "dropped")).toMatchObject({ polarity: null, label: null, textCount: 0 });
});

test("GET /api/v1/traces/{id} returns the sentiment (null until analysed) and the list filters by label", async () => {
  const secret = t.org.apiKey.secretKey;
  const angry = await call(detail.GET, "/api/v1/traces/angry", { headers: bearer(secret), params: { traceId: "angry" } });
  expect(angry.status).toBe(200);
  expect(angry.json.sentiment).toMatchObject({ label: "negative", emotions: expect.objectContaining({ frustration: expect.any(Number) }) });
  expect(angry.json.sentiment.polarity).toBeLessThan(0);
  expect((await call(detail.GET, "/api/v1/traces/no-text", { headers: bearer(secret), params: { traceId: "no-text" } })).json.sentiment).toBeNull();

  const negatives = await call(list.GET, "/api/v1/traces?sentiment=negative&from=2026-11-01&to=2026-12-31", { headers: bearer(secret) });
  expect(negatives.status).toBe(200);
  expect(negatives.json.data.map((d: { id: string }) => d.id).sort()).toEqual(["angry", "plain"]);
  const positives = await call(list.GET, "/api/v1/traces?sentiment=positive&from=2026-11-01&to=2026-12-31", { headers: bearer(secret) });
  expect(positives.json.data.map((d: { id: string }) => d.id).sort()).toEqual(["happy", "other-user"]);
  const bad = await call(list.GET, "/api/v1/traces?sentiment=angry", { headers: bearer(secret) });
  expect(bad.status).toBe(400);
  expect(bad.json.error.message).toContain("sentiment");
});

test("the dashboard route: trend by model, frustration next to tool errors with lift and drill-down, rating correlation", async () => {
  const res = await call(dashboardRoute.GET, "/api/v1/sentiment?from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z&groupBy=model", { as: t.org.users.viewer.id });
  expect(res.status).toBe(200);
  expect(res.json.analysed).toBe(4);
  expect(res.json.trend).toEqual([expect.objectContaining({ day: "2026-11-20", group: "gpt-4o-mini", traces: 4 })]);
  // 4 analysed traces, 1 with a tool error, and it is the frustrated one.
  expect(res.json.toolErrors).toMatchObject({ total: 4, withCondition: 1, both: 1, traceIds: ["angry"] });
  expect(res.json.toolErrors.lift).toBeCloseTo(4 / res.json.toolErrors.frustrated, 10);
  // One rated trace (the "plain" one, rated 1 with an angry comment): too few conversations for a correlation.
  expect(res.json.lowRatings).toMatchObject({ total: 1, withCondition: 1 });
  expect(res.json.correlation).toMatchObject({ rho: null, n: 1, rating: "user_rating" });

  const bad = await call(dashboardRoute.GET, "/api/v1/sentiment?groupBy=mood", { as: t.org.users.viewer.id });
  expect(bad.status).toBe(400);
  expect(bad.json.error.message).toContain("groupBy");
  // The window is the app's one time range: its presets, and its parser's refusals.
  const week = await call(dashboardRoute.GET, "/api/v1/sentiment?range=7d", { as: t.org.users.viewer.id });
  expect(week.status).toBe(200);
  expect(Date.parse(week.json.to) - Date.parse(week.json.from)).toBe(7 * 86_400_000);
  for (const q of ["range=1y", "to=2026-11-21", "from=2026-11-21&to=2026-11-19"]) {
    const refused = await call(dashboardRoute.GET, `/api/v1/sentiment?${q}`, { as: t.org.users.viewer.id });
    expect(refused.status, q).toBe(400);
  }
  expect((await call(dashboardRoute.GET, "/api/v1/sentiment")).status).toBe(401);
  // The project's secret key reads the same data.
  const byKey = await call(dashboardRoute.GET, "/api/v1/sentiment?from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z&groupBy=model", { headers: bearer(t.org.apiKey.secretKey) });
  expect(byKey.status).toBe(200);
  expect(byKey.json.analysed).toBe(res.json.analysed);
});

test("erasing an end user removes the sentiment of their traces and nobody else's", async () => {
  const pid = t.org.project.id;
  expect(await rowOf(pid, "other-user")).toBeDefined();
  await deleteEndUser(t.h.db, pid, "u2");
  expect(await rowOf(pid, "other-user")).toBeUndefined();
  expect(await rowOf(pid, "angry")).toBeDefined();
});
