// Prism observing itself, through the real route handlers: request ids (echoed, carried into the job ledger and the
// job's own context), GET /api/metrics (off without a token, bearer-only, Prometheus content), and the built-in
// dead-letter alert.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { jobRuns } from "@/db/schema";
import { resetEnvCache } from "@/lib/env";
import { defineJob } from "@/lib/jobs/define";
import { enqueueRun } from "@/lib/jobs/ledger";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { currentRequestId } from "@/lib/log";
import { trackLlmCall } from "@/lib/telemetry";
import { evaluateAlerts } from "@/lib/monitoring/alerts/evaluate";
import * as metrics from "@/app/api/metrics/route";
import * as jobs from "@/app/api/v1/jobs/route";
import * as trigger from "@/app/api/v1/jobs/trigger/route";
import * as ingest from "@/app/api/v1/ingest/route";
import * as rulesRoute from "@/app/api/v1/monitoring/alert-rules/route";

const t = seededDatabase();
const TOKEN = "metrics-token-for-tests-0123456789";

function withMetricsToken(token: string | undefined) {
  if (token === undefined) delete process.env.PRISM_METRICS_TOKEN;
  else process.env.PRISM_METRICS_TOKEN = token;
  resetEnvCache();
}
afterEach(() => withMetricsToken(undefined));

/** The value of one sample line of a Prometheus exposition, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape() {
  withMetricsToken(TOKEN);
  const res = await call(metrics.GET, "/api/metrics", { headers: bearer(TOKEN) });
  expect(res.status).toBe(200);
  return res;
}

describe("request ids", () => {
  test("a valid X-Request-Id is echoed; a missing or unsafe one is replaced by a fresh id", async () => {
    const viewer = t.org.users.viewer.id;
    const given = await call(jobs.GET, "/api/v1/jobs", { as: viewer, headers: { "x-request-id": "req-abc.123" } });
    expect(given.headers.get("x-request-id")).toBe("req-abc.123");
    const fresh = await call(jobs.GET, "/api/v1/jobs", { as: viewer });
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    for (const unsafe of ["bad id <script>", "x".repeat(129)]) {
      const res = await call(jobs.GET, "/api/v1/jobs", { as: viewer, headers: { "x-request-id": unsafe } });
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Errors carry it too, so a user can quote it.
    const refused = await call(jobs.GET, "/api/v1/jobs", { headers: { "x-request-id": "req-denied" } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("x-request-id")).toBe("req-denied");
  });

  test("the job a request triggers records the request id in its ledger row", async () => {
    const res = await call(trigger.POST, "/api/v1/jobs/trigger", {
      method: "POST",
      as: t.org.users.admin.id,
      body: { job: "nightly-housekeeping" },
      headers: { "x-request-id": "req-trigger-1" },
    });
    expect(res.status).toBe(202);
    const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, res.json.idempotencyKey));
    expect(run.requestId).toBe("req-trigger-1");
  });

  test("a run executes in its request's context, and the runs it requests inherit the id", async () => {
    const seen: (string | undefined)[] = [];
    const child = defineJob({ id: `child-${Math.random().toString(36).slice(2)}`, name: "child", triggers: [{ event: "test/child" }], retries: 0, handler: async () => seen.push(currentRequestId()) });
    const parent = defineJob({
      id: `parent-${Math.random().toString(36).slice(2)}`,
      name: "parent",
      triggers: [{ event: "test/parent" }],
      retries: 0,
      handler: async ({ db }) => {
        seen.push(currentRequestId());
        await enqueueRun(db, { functionId: child.id, eventName: "test/child", payload: {}, maxAttempts: 1, mode: "embedded", projectId: t.org.project.id });
      },
    });
    await enqueueRun(t.h.db, { functionId: parent.id, eventName: "test/parent", payload: {}, maxAttempts: 1, mode: "embedded", projectId: t.org.project.id, requestId: "req-parent" });
    await new EmbeddedRunner(t.h.db, [parent, child]).drain();
    expect(seen).toEqual(["req-parent", "req-parent"]);
    const [childRun] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, child.id));
    expect(childRun).toMatchObject({ status: "succeeded", requestId: "req-parent" });
  });
});

describe("GET /api/metrics", () => {
  test("is off (404) without PRISM_METRICS_TOKEN, and answers only the bearer of the token (401 otherwise)", async () => {
    withMetricsToken(undefined);
    expect((await call(metrics.GET, "/api/metrics", { headers: bearer(TOKEN) })).status).toBe(404);
    withMetricsToken(TOKEN);
    const anonymous = await call(metrics.GET, "/api/metrics");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await call(metrics.GET, "/api/metrics", { headers: bearer(`${TOKEN}x`) })).status).toBe(401);
    expect((await call(metrics.GET, "/api/metrics", { headers: bearer(TOKEN.slice(0, -1)) })).status).toBe(401);
    // A project API key is not the metrics token.
    expect((await call(metrics.GET, "/api/metrics", { headers: bearer(t.org.apiKey.secretKey) })).status).toBe(401);
    const ok = await call(metrics.GET, "/api/metrics", { headers: bearer(TOKEN) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  test("reports HTTP latency and status by route template, ingest items by type and outcome", async () => {
    const before = (await scrape()).json as string;
    const route = { method: "POST", route: "/api/v1/ingest" };
    const post = (body: unknown) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });
    const item = (id: string, name = "message_sent") => ({ id, type: "event", timestamp: new Date().toISOString(), body: { name, userId: "u1" } });
    expect((await post({ batch: [item("m-1"), item("m-2"), { ...item("m-3"), body: {} }] })).status).toBe(207);
    expect((await post({ batch: "nope" })).status).toBe(400);
    const after = (await scrape()).json as string;
    const delta = (name: string, labels: Record<string, string>) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
    expect(delta("prism_http_requests_total", { ...route, status: "207" })).toBe(1);
    expect(delta("prism_http_requests_total", { ...route, status: "400" })).toBe(1);
    expect(delta("prism_http_request_duration_seconds_count", { ...route, status: "207" })).toBe(1);
    expect(delta("prism_http_request_duration_seconds_bucket", { ...route, status: "207", le: "+Inf" })).toBe(1);
    expect(delta("prism_ingest_items_total", { type: "event", outcome: "stored" })).toBe(2);
    expect(delta("prism_ingest_items_total", { type: "event", outcome: "invalid" })).toBe(1);
  });

  test("labels dynamic routes by their template, not by id", async () => {
    const runId = "00000000-0000-4000-8000-000000000001";
    const replay = await import("@/app/api/v1/jobs/[runId]/replay/route");
    const res = await call(replay.POST, `/api/v1/jobs/${runId}/replay`, { method: "POST", as: t.org.users.admin.id, params: { runId } });
    expect(res.status).toBe(404);
    const text = (await scrape()).json as string;
    expect(sample(text, "prism_http_requests_total", { route: "/api/v1/jobs/[runId]/replay", status: "404" })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(runId);
  });

  test("reports the job ledger (queue depth, backlog, dead letters), job outcomes and durations", async () => {
    const ok = defineJob({ id: `metrics-ok-${Math.random().toString(36).slice(2)}`, name: "ok", triggers: [{ event: "test/ok" }], retries: 0, handler: async () => ({}) });
    const bad = defineJob({ id: `metrics-bad-${Math.random().toString(36).slice(2)}`, name: "bad", triggers: [{ event: "test/bad" }], retries: 0, handler: async () => { throw new Error("boom"); } });
    const queuedAt = new Date(Date.now() - 120_000);
    await enqueueRun(t.h.db, { functionId: ok.id, eventName: "test/ok", payload: {}, maxAttempts: 1, mode: "embedded", projectId: t.org.project.id });
    await enqueueRun(t.h.db, { functionId: bad.id, eventName: "test/bad", payload: {}, maxAttempts: 1, mode: "embedded", projectId: t.org.project.id });
    await enqueueRun(t.h.db, { functionId: "not-run-here", eventName: "test/none", payload: {}, maxAttempts: 1, mode: "embedded", projectId: null, runAfter: queuedAt });
    await new EmbeddedRunner(t.h.db, [ok, bad]).drain();
    const text = (await scrape()).json as string;
    const queued = await t.h.db.select().from(jobRuns).where(eq(jobRuns.status, "queued"));
    expect(sample(text, "prism_job_queue_depth", { status: "queued" })).toBe(queued.length);
    expect(sample(text, "prism_job_backlog_seconds")).toBeGreaterThanOrEqual(120);
    expect(sample(text, "prism_job_dead_letters", { job: bad.id })).toBe(1);
    expect(sample(text, "prism_job_dead_letters", { job: ok.id })).toBeUndefined();
    expect(sample(text, "prism_job_duration_seconds_count", { job: ok.id, outcome: "succeeded" })).toBe(1);
    expect(sample(text, "prism_job_failures_total", { job: bad.id, final: "true" })).toBe(1);
  });

  test("reports the cost and tokens of Prism's own LLM calls, and cache lookups", async () => {
    const model = `test-model-${Math.random().toString(36).slice(2, 8)}`;
    await trackLlmCall(t.h.db, t.org.project.id, { provider: "openai", model }, async () => ({ text: "hi", inputTokens: 100, outputTokens: 20, costUsd: 0.25 }));
    await trackLlmCall(t.h.db, t.org.project.id, { provider: "openai", model }, async () => ({ text: "hi", inputTokens: 10, outputTokens: 2, costUsd: 0.5 }));
    // Two authenticated calls with one key: the verified key is cached after the first.
    await call(jobs.GET, "/api/v1/jobs", { as: t.org.users.viewer.id });
    const text = (await scrape()).json as string;
    expect(sample(text, "prism_llm_cost_usd_total", { provider: "openai", model })).toBeCloseTo(0.75, 10);
    expect(sample(text, "prism_llm_tokens_total", { provider: "openai", model, direction: "input" })).toBe(110);
    expect(sample(text, "prism_llm_calls_total", { provider: "openai", model, outcome: "ok" })).toBe(2);
    const caches = [...text.matchAll(/^prism_cache_hit_ratio\{cache="([^"]+)"\} (\S+)$/gm)];
    expect(caches.length).toBeGreaterThan(0);
    for (const [, , ratio] of caches) expect(Number(ratio)).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^prism_cache_requests_total\{cache="[^"]+",result="hit"\} [1-9]/m);
  });
});

describe("dead-letter alert", () => {
  const received: string[] = [];
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let data = "";
      req.on("data", (c) => (data += c));
      req.on("end", () => {
        received.push(JSON.parse(data).text);
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.PRISM_WEBHOOK_ALLOWLIST = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    resetEnvCache();
  });
  afterAll(async () => {
    delete process.env.PRISM_WEBHOOK_ALLOWLIST;
    resetEnvCache();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("notifies once when new runs are dead-lettered, and again only for later ones", async () => {
    const { org } = t;
    const created = await call(rulesRoute.POST, "/api/v1/monitoring/alert-rules", {
      method: "POST",
      as: org.users.analyst.id,
      body: { name: "Jobs dying", condition: "dead_letters", webhookUrl: `${base}/hook`, cooldownMinutes: 0 },
    });
    expect(created.status).toBe(201);
    const die = async (key: string) => {
      const { id } = await enqueueRun(t.h.db, { functionId: "monitoring-rollups", eventName: "prism/monitoring.rollups.requested", idempotencyKey: key, payload: { projectId: org.project.id }, maxAttempts: 1, mode: "embedded", projectId: org.project.id });
      await t.h.db.update(jobRuns).set({ status: "dead", attempts: 1, lastError: "db down", finishedAt: new Date() }).where(eq(jobRuns.id, id));
      return id;
    };
    expect(await evaluateAlerts(t.h.db, org.project.id)).toMatchObject({ sent: 0 });
    // Dead letters from other tests of this file died before the rule existed: not news.
    const first = await die("alert-dead-1");
    expect(await evaluateAlerts(t.h.db, org.project.id)).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]).toContain('Prism alert "Jobs dying": 1 job run dead-lettered');
    expect(received[0]).toContain(first);
    expect(await evaluateAlerts(t.h.db, org.project.id)).toMatchObject({ sent: 0 });
    await die("alert-dead-2");
    expect(await evaluateAlerts(t.h.db, org.project.id)).toMatchObject({ sent: 1 });
    expect(received).toHaveLength(2);
  });
});
