// The ingest pipeline (issue 19): trace batches are acknowledged once staged, become readable when the merge job runs
// (in one transaction per merge, so a trace is never seen half-written), replays store nothing twice, a full backlog
// answers 429 with Retry-After, and the Jobs API reports the backlog and the merge lag.
import { afterEach, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { waitForIngest } from "./support/ingest";
import { ingestMerges, ingestStaging, observations, traces } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import * as otel from "@/app/api/public/otel/v1/traces/route";
import * as jobsApi from "@/app/api/v1/jobs/route";
import { resetEnvCache } from "@/lib/env";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { INGEST_MERGE_REQUESTED } from "@/lib/jobs/catalog";
import { ingestMerge } from "@/inngest/functions/ingest-merge";
import { drainIngest } from "@/lib/traces/ingest/pipeline";
import { getTrace } from "@/lib/traces/store/get-trace";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { resourceSpans, span } from "./support/otlp-builders";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { IngestPipeline } from "@/components/jobs/ingest-pipeline";

const t = seededDatabase();
const ts = "2026-11-20T10:00:00Z";
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** Posts straight to the handler, without the helpers' wait for the merge: what a client sees at acknowledgement. */
async function postRaw(handler: typeof otel.POST, path: string, body: unknown) {
  const req = new NextRequest(new URL(path, "http://localhost:3000"), {
    method: "POST",
    headers: { ...bearer(t.org.apiKey.secretKey), "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve({}) });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

const otlpTrace = (traceId: string, spans: number, extra: Record<string, unknown> = {}) => ({
  resourceSpans: resourceSpans(
    Array.from({ length: spans }, (_, i) =>
      span({
        traceId,
        spanId: hex(i + 1, 16),
        parentSpanId: i === 0 ? undefined : hex(1, 16),
        name: i === 0 ? "root" : `call ${i}`,
        startMs: i,
        durationMs: 10,
        attributes: i === 0 ? extra : { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 10, "gen_ai.usage.output_tokens": 2 },
      }),
    ),
  ),
});

const storedSpans = async (traceId: string) =>
  (await t.h.db.select({ id: observations.id }).from(observations).where(and(eq(observations.projectId, t.org.project.id), eq(observations.traceId, traceId)))).length;
/**
 * The Jobs page's pipeline card for an API reply, as the text a reader sees (tags become spaces): the cards' closed
 * definition popovers and their "?" buttons are left out.
 */
const shown = (ingest: Parameters<typeof IngestPipeline>[0]["ingest"]) =>
  renderToStaticMarkup(createElement(IngestPipeline, { ingest }))
    .replace(/<button[^>]*class="stat-info"[^>]*>[^<]*<\/button>/g, " ")
    .replace(/<div[^>]*popover="auto"[^>]*>[\s\S]*?<\/div>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
const staged = async () => (await t.h.db.select({ id: ingestStaging.id }).from(ingestStaging)).length;

afterEach(() => {
  delete process.env.PRISM_INGEST_MAX_BACKLOG_SPANS;
  resetEnvCache();
});

test("an acknowledged OTLP batch is staged, then readable with its totals once the merge job has run", async () => {
  const traceId = hex(0xa1, 32);
  const res = await postRaw(otel.POST, "/api/public/otel/v1/traces", otlpTrace(traceId, 3, { "prism.user.id": "u-pipe" }));
  expect(res.status).toBe(200);
  expect(await staged()).toBe(1);
  expect(await getTrace(t.h.db, t.org.project.id, traceId)).toBeNull();

  // The job the acceptance requests, through the embedded runner (the same definition Inngest serves).
  const runner = new EmbeddedRunner(t.h.db, [ingestMerge], { log: () => {} });
  await runner.send({ name: INGEST_MERGE_REQUESTED, data: {}, id: "merge-1" });
  await runner.drain();
  expect(await staged()).toBe(0);
  const trace = await getTrace(t.h.db, t.org.project.id, traceId);
  expect(trace).toMatchObject({ userId: "u-pipe", observationCount: 3, inputTokens: 20, outputTokens: 4 });
  expect(trace!.observations).toHaveLength(3);
  const [log] = await t.h.db.select().from(ingestMerges).orderBy(ingestMerges.id);
  expect(log).toMatchObject({ batches: 1, spans: 3, refusedSpans: 0 });
  expect(log.lagMaxMs).toBeGreaterThanOrEqual(0);
});

test("replayed batches and a repeated merge store every span exactly once", async () => {
  const traceId = hex(0xa2, 32);
  for (let i = 0; i < 3; i++) expect((await postRaw(otel.POST, "/api/public/otel/v1/traces", otlpTrace(traceId, 4))).status).toBe(200);
  expect(await staged()).toBe(3);
  await waitForIngest(t.h.db);
  expect(await drainIngest(t.h.db)).toMatchObject({ merges: 0, drained: true });
  expect(await storedSpans(traceId)).toBe(4);
  const [row] = await t.h.db.select().from(traces).where(and(eq(traces.projectId, t.org.project.id), eq(traces.id, traceId)));
  expect(row).toMatchObject({ observationCount: 4, inputTokens: 30 });
});

test("a batch-API update of an observation still in staging is accepted and merged over its create", async () => {
  const res = await postRaw(ingest.POST, "/api/v1/ingest", {
    batch: [{ id: "pipe-obs", type: "observation-create", timestamp: ts, body: { traceId: "pipe-trace", name: "answer", startTime: ts } }],
  });
  expect(res.json.successes).toEqual([{ id: "pipe-obs" }]);
  const update = await postRaw(ingest.POST, "/api/v1/ingest", {
    batch: [
      { id: "pipe-upd", type: "observation-update", timestamp: ts, body: { traceId: "pipe-trace", id: "pipe-obs", endTime: "2026-11-20T10:00:02Z", output: "done" } },
      { id: "pipe-missing", type: "observation-update", timestamp: ts, body: { traceId: "pipe-trace", id: "nope" } },
    ],
  });
  expect(update.json.successes).toEqual([{ id: "pipe-upd" }]);
  expect(update.json.errors).toEqual([{ id: "pipe-missing", status: 404, message: expect.stringMatching(/^body\.id: observation "nope"/) }]);
  await waitForIngest(t.h.db);
  const trace = await getTrace(t.h.db, t.org.project.id, "pipe-trace");
  expect(trace!.observations).toMatchObject([{ id: "pipe-obs", name: "answer", output: "done", endTime: new Date("2026-11-20T10:00:02Z") }]);
  expect(trace!.latencyMs).toBe(2000);
});

test("over the backlog bound, trace ingest answers 429 with Retry-After and stores nothing; events still go through", async () => {
  process.env.PRISM_INGEST_MAX_BACKLOG_SPANS = "3";
  resetEnvCache();
  expect((await postRaw(otel.POST, "/api/public/otel/v1/traces", otlpTrace(hex(0xa3, 32), 3))).status).toBe(200);
  const full = await postRaw(otel.POST, "/api/public/otel/v1/traces", otlpTrace(hex(0xa4, 32), 1));
  expect(full.status).toBe(429);
  expect(Number(full.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(full.json.error.message).toMatch(/3 accepted spans are waiting/);
  const batch = await postRaw(ingest.POST, "/api/v1/ingest", { batch: [{ id: "bp-trace", type: "trace-create", timestamp: ts, body: {} }] });
  expect(batch.status).toBe(429);
  const events = await postRaw(ingest.POST, "/api/v1/ingest", { batch: [{ id: "bp-event", type: "event", timestamp: ts, body: { name: "still fine" } }] });
  expect(events.status).toBe(207);
  expect(await staged()).toBe(1);

  const status = await call(jobsApi.GET, "/api/v1/jobs", { as: t.org.users.viewer.id });
  expect(status.json.ingest).toMatchObject({ backlog: { batches: 1, spans: 3 }, backlogLimitSpans: 3 });
  expect(status.json.ingest.backlog.oldestWaitingMs).toBeGreaterThanOrEqual(0);
  // The Jobs page shows the reply as it came.
  const text = shown(status.json.ingest);
  expect(text).toMatch(/Waiting spans \(this project\) 3 1 accepted requests/);

  await waitForIngest(t.h.db);
  expect((await postRaw(otel.POST, "/api/public/otel/v1/traces", otlpTrace(hex(0xa4, 32), 1))).status).toBe(200);
  await waitForIngest(t.h.db);
  const after = await call(jobsApi.GET, "/api/v1/jobs", { as: t.org.users.viewer.id });
  expect(after.json.ingest.backlog).toEqual({ batches: 0, spans: 0, oldestWaitingMs: null });
  expect(after.json.ingest.lastHour.merges).toBeGreaterThan(0);
  expect(after.json.ingest.lastHour.lagP95Ms).toBeGreaterThanOrEqual(0);
  expect(shown(after.json.ingest)).toMatch(/Oldest waiting none/);
});

test("a trace being merged is never read half-written: every read sees none or all of its spans, with matching totals", async () => {
  const traceId = hex(0xa5, 32);
  const spans = 2500; // two insert statements of the merge (2,000 rows each), then the totals
  expect((await postRaw(otel.POST, "/api/public/otel/v1/traces", otlpTrace(traceId, spans))).status).toBe(200);
  const seen = new Set<string>();
  let merging = true;
  const merge = drainIngest(t.h.db).finally(() => (merging = false));
  while (merging) {
    const trace = await getTrace(t.h.db, t.org.project.id, traceId);
    seen.add(trace ? `${trace.observations.length}/${trace.observationCount}/${trace.inputTokens}` : "none");
  }
  await merge;
  const final = await getTrace(t.h.db, t.org.project.id, traceId);
  const whole = `${spans}/${spans}/${(spans - 1) * 10}`;
  expect(`${final!.observations.length}/${final!.observationCount}/${final!.inputTokens}`).toBe(whole);
  for (const state of seen) expect(["none", whole]).toContain(state);
});

test("erasing an end user also erases their spans still waiting in staging", async () => {
  const traceId = hex(0xa6, 32);
  expect((await postRaw(otel.POST, "/api/public/otel/v1/traces", otlpTrace(traceId, 2, { "prism.user.id": "erase-me" }))).status).toBe(200);
  expect(await staged()).toBe(1);
  await deleteEndUser(t.h.db, t.org.project.id, "erase-me");
  expect(await staged()).toBe(0);
  expect(await storedSpans(traceId)).toBe(0);
  expect(await getTrace(t.h.db, t.org.project.id, traceId)).toBeNull();
});
