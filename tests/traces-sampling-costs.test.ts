// Exact costs under sampling, through the routes: the same traffic sent to a project keeping every trace and to one
// keeping 10% gives the same cost board (totals, models, users, days) and the same monitoring rollups, because
// sampled-out traces are kept as payload-free summary rows. Replays change nothing; erasure removes the summaries.
import { beforeAll, expect, test } from "vitest";
import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg, type SeededOrg } from "./support/fixtures";
import { postOtlp } from "./support/traces";
import { toKeyValues } from "./support/otlp-builders";
import { rowsOf } from "@/db/client";
import { metricRollups, observations, sampledObservations, sampledTraces, traces } from "@/db/schema";
import { recomputeRollups } from "@/lib/monitoring/store/recompute-rollups";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { enforceRetention } from "@/lib/retention/store/enforce";
import * as otel from "@/app/api/public/otel/v1/traces/route";
import * as ingest from "@/app/api/v1/ingest/route";
import * as costs from "@/app/api/v1/costs/route";
import * as settingsRoute from "@/app/api/v1/trace-settings/route";

const t = seededDatabase();
let sampled: SeededOrg;
const base = Date.now() - 3 * 3_600_000;
const hex = (s: string, n: number) => createHash("sha256").update(s).digest("hex").slice(0, n);
const nanos = (ms: number) => (BigInt(base + ms) * 1_000_000n).toString();

/** 240 two-span traces over 8 users and 3 models; every seventh call failed. */
function otlpPayload() {
  const spans = Array.from({ length: 240 }, (_, i) => {
    const traceId = hex(`otlp-${i}`, 32);
    const start = i * 20_000;
    const root = { traceId, spanId: hex(`root-${i}`, 16), parentSpanId: "", name: "handle-request", kind: 2, startTimeUnixNano: nanos(start), endTimeUnixNano: nanos(start + 900 + i), attributes: toKeyValues({ "user.id": `user-${i % 8}` }), events: [], status: { code: 0 } };
    const chat = {
      traceId,
      spanId: hex(`chat-${i}`, 16),
      parentSpanId: root.spanId,
      name: "chat",
      kind: 3,
      startTimeUnixNano: nanos(start + 10),
      endTimeUnixNano: nanos(start + 10 + 300 + (i % 50) * 7),
      attributes: toKeyValues({ "gen_ai.operation.name": "chat", "gen_ai.request.model": ["gpt-4o-mini", "gpt-4o", "claude-3-5-sonnet"][i % 3], "gen_ai.usage.input_tokens": 100 + i * 3, "gen_ai.usage.output_tokens": 20 + (i % 11) }),
      events: [],
      status: i % 7 === 0 ? { code: 2, message: "upstream timeout" } : { code: 0 },
    };
    return [root, chat];
  }).flat();
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: toKeyValues({ "service.name": "shop" }) }, scopeSpans: [{ scope: { name: "test" }, spans }] }] });
}

/** 60 traces through the batch API: created with a user, a generation without a cost (priced at ingest), then its end and usage. */
function batchItems(stage: "create" | "update") {
  return Array.from({ length: 60 }, (_, i) => {
    const traceId = `batch-${i}`;
    const at = new Date(base + 5_000_000 + i * 10_000).toISOString();
    if (stage === "update") return [{ id: `u-${i}`, type: "observation-update", timestamp: at, body: { traceId, id: `gen-${i}`, endTime: new Date(base + 5_000_000 + i * 10_000 + 400 + i).toISOString(), usage: { input: 200 + i, output: 40 }, cost: { total: 0.001 * (i + 1) } } }];
    return [
      { id: `t-${i}`, type: "trace-create", timestamp: at, body: { id: traceId, name: "batch", userId: `user-${i % 5}` } },
      { id: `o-${i}`, type: "observation-create", timestamp: at, body: { traceId, id: `gen-${i}`, type: "generation", name: "answer", model: "gpt-4o-mini", startTime: at, usage: { input: 10 } } },
    ];
  }).flat();
}

async function sendTraffic(org: SeededOrg) {
  const key = org.apiKey.secretKey;
  expect((await postOtlp(otel.POST, otlpPayload(), { secret: key })).status).toBe(200);
  for (const stage of ["create", "update"] as const) {
    const res = await call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(key), body: { batch: batchItems(stage) } });
    expect(res.json.errors).toEqual([]);
  }
}

const board = async (org: SeededOrg) => {
  const res = await call(costs.GET, "/api/v1/costs?range=24h", { headers: bearer(org.apiKey.secretKey) });
  expect(res.status).toBe(200);
  return res.json;
};

beforeAll(async () => {
  sampled = await seedOrg(t.h.db);
  const as = sampled.users.owner.id;
  const { masking } = (await call(settingsRoute.GET, "/api/v1/trace-settings", { as })).json.settings;
  const put = await call(settingsRoute.PUT, "/api/v1/trace-settings", { method: "PUT", as, body: { sampleRate: 0.1, masking } });
  expect(put.status).toBe(200);
  await sendTraffic(t.org);
  await sendTraffic(sampled);
});

test("at 10% sampling the cost board equals the unsampled one: totals, models, days and users", async () => {
  const full = await board(t.org);
  const tenth = await board(sampled);
  expect(full.sampleRate).toBe(1);
  expect(tenth.sampleRate).toBe(0.1);
  expect(full.totals.calls).toBe(300);
  expect(tenth.totals.calls).toBe(full.totals.calls);
  expect(tenth.totals.tokens).toBe(full.totals.tokens);
  expect(tenth.totals.errors).toBe(full.totals.errors);
  expect(full.totals.errors).toBeGreaterThan(0);
  expect(full.totals.cost).toBeGreaterThan(0);
  expect(tenth.totals.cost).toBeCloseTo(full.totals.cost, 9);
  const shape = (rows: { cost: number }[]) => rows.map((r) => ({ ...r, cost: Math.round(r.cost * 1e9) }));
  expect(shape(tenth.byModel)).toEqual(shape(full.byModel));
  expect(shape(tenth.topUsers)).toEqual(shape(full.topUsers));
  expect(tenth.byDay.map((d: { cost: number; calls: number }) => [d.calls, Math.round(d.cost * 1e9)])).toEqual(full.byDay.map((d: { cost: number; calls: number }) => [d.calls, Math.round(d.cost * 1e9)]));
  // The board says how much of it comes from summaries.
  expect(full.totals.sampledCalls).toBe(0);
  expect(tenth.totals.sampledCalls).toBeGreaterThan(200);
  expect(tenth.totals.sampledCalls).toBeLessThan(300);
});

test("sampling still drops the payloads: few traces are kept, the summaries hold no input or output", async () => {
  const kept = await t.h.db.select({ id: traces.id }).from(traces).where(eq(traces.projectId, sampled.project.id));
  const summaries = await t.h.db.select({ id: sampledTraces.id }).from(sampledTraces).where(eq(sampledTraces.projectId, sampled.project.id));
  expect(kept.length + summaries.length).toBe(300);
  expect(kept.length).toBeLessThan(60);
  const columns = rowsOf<{ column_name: string }>(await t.h.db.execute(sql`select column_name from information_schema.columns where table_name = 'sampled_observations'`)).map((r) => r.column_name);
  expect(columns).not.toContain("input");
  expect(columns).not.toContain("output");
  expect(columns).not.toContain("metadata");
});

test("replaying the traffic to the sampled project changes nothing", async () => {
  const before = await board(sampled);
  await sendTraffic(sampled);
  const after = await board(sampled);
  // (The sum of the same costs may differ in the last bit with the row order.)
  expect({ ...after.totals, cost: undefined }).toEqual({ ...before.totals, cost: undefined });
  expect(after.totals.cost).toBeCloseTo(before.totals.cost, 9);
});

test("monitoring rollups (requests, errors, cost, tokens) are the same at 10% sampling", async () => {
  const from = new Date(base - 86_400_000);
  const to = new Date(Date.now() + 3_600_000);
  const read = async (projectId: string) => {
    await recomputeRollups(t.h.db, projectId, "day", from, to);
    const rows = await t.h.db
      .select({ metric: metricRollups.metric, dimension: metricRollups.dimension, value: metricRollups.dimensionValue, v: metricRollups.value })
      .from(metricRollups)
      .where(and(eq(metricRollups.projectId, projectId), eq(metricRollups.granularity, "day"), sql`${metricRollups.metric} in ('requests', 'request_error_rate', 'cost', 'tokens')`));
    return rows.map((r) => `${r.metric}/${r.dimension}/${r.value}=${r.v.toFixed(9)}`).sort();
  };
  const full = await read(t.org.project.id);
  expect(full.length).toBeGreaterThan(4);
  expect(await read(sampled.project.id)).toEqual(full);
});

test("erasing an end user removes their sampled-out summaries too", async () => {
  const ids = (await t.h.db.select({ id: sampledTraces.id }).from(sampledTraces).where(and(eq(sampledTraces.projectId, sampled.project.id), eq(sampledTraces.userId, "user-3")))).map((r) => r.id);
  expect(ids.length).toBeGreaterThan(0);
  const summariesOf = async () => ({
    traces: (await t.h.db.select({ id: sampledTraces.id }).from(sampledTraces).where(and(eq(sampledTraces.projectId, sampled.project.id), inArray(sampledTraces.id, ids)))).length,
    observations: (await t.h.db.select({ id: sampledObservations.id }).from(sampledObservations).where(and(eq(sampledObservations.projectId, sampled.project.id), inArray(sampledObservations.traceId, ids)))).length,
  });
  expect((await summariesOf()).observations).toBeGreaterThan(0);
  await deleteEndUser(t.h.db, sampled.project.id, "user-3");
  expect(await summariesOf()).toEqual({ traces: 0, observations: 0 });
  const left = await t.h.db.select({ id: observations.id }).from(observations).where(eq(observations.projectId, sampled.project.id));
  expect(left.length).toBeGreaterThan(0);
});

test("retention removes expired summaries with the traces they stand for", async () => {
  const later = new Date(Date.now() + 400 * 86_400_000);
  const [result] = await enforceRetention(t.h.db, later, undefined, sampled.project.id);
  expect(result.sampledTracesDeleted).toBeGreaterThan(0);
  expect(await t.h.db.select({ id: sampledTraces.id }).from(sampledTraces).where(eq(sampledTraces.projectId, sampled.project.id))).toEqual([]);
  expect(await t.h.db.select({ id: sampledObservations.id }).from(sampledObservations).where(eq(sampledObservations.projectId, sampled.project.id))).toEqual([]);
  expect((await board(sampled)).totals.calls).toBe(0);
});
