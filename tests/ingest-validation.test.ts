// Ingest refuses what it cannot store (out-of-range times, unbounded numbers, inverted durations) with a 400 that
// names the item and field, and a value the database refuses fails only its own item.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { events, metricPoints, observations } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import * as metrics from "@/app/api/v1/metrics/route";
import { collectLogs } from "./support/logs";

const t = seededDatabase();
const ts = "2026-11-20T10:00:00Z";
const post = (body: unknown) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });
const postMetrics = (body: unknown) => call(metrics.POST, "/api/v1/metrics", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });
const eventIds = async () => (await t.h.db.select({ id: events.id }).from(events).where(eq(events.projectId, t.org.project.id))).map((r) => r.id).sort();


test("timestamps PostgreSQL cannot hold, or that lie far outside now, are refused per item with the field named", async () => {
  const res = await post({
    batch: [
      { id: "t-ok-1", type: "event", timestamp: ts, body: { name: "a" } },
      { id: "t-year0", type: "event", timestamp: "0000-01-01T00:00:00Z", body: { name: "b" } },
      { id: "t-max", type: "event", timestamp: "+275760-09-13T00:00:00Z", body: { name: "c" } },
      { id: "t-min", type: "event", timestamp: ts, body: { name: "d", timestamp: "-271821-04-20T00:00:00Z" } },
      { id: "t-9999", type: "trace-create", timestamp: ts, body: { timestamp: "9999-12-31T00:00:00Z" } },
      { id: "t-ok-2", type: "event", timestamp: ts, body: { name: "e" } },
    ],
  });
  expect(res.status).toBe(207);
  expect(res.json.successes).toEqual([{ id: "t-ok-1" }, { id: "t-ok-2" }]);
  expect(res.json.errors).toEqual([
    { id: "t-year0", status: 400, message: "batch.1.timestamp: must not be before 2000-01-01" },
    { id: "t-max", status: 400, message: "batch.2.timestamp: must not be more than a day in the future" },
    { id: "t-min", status: 400, message: "body.timestamp: must not be before 2000-01-01" },
    { id: "t-9999", status: 400, message: "body.timestamp: must not be more than a day in the future" },
  ]);
  expect(await eventIds()).toEqual(["t-ok-1", "t-ok-2"]);
});

test("a value the database refuses fails only its own item; its valid neighbours are stored", async () => {
  const res = await post({
    batch: [
      { id: "p-ok-1", type: "event", timestamp: ts, body: { name: "fine" } },
      // PostgreSQL text cannot hold NUL: passes validation, fails the insert.
      { id: "p-poison", type: "event", timestamp: ts, body: { name: "bad\u0000name" } },
      { id: "p-ok-2", type: "event", timestamp: ts, body: { name: "fine too" } },
    ],
  });
  expect(res.status).toBe(207);
  expect(res.json.successes).toEqual([{ id: "p-ok-1" }, { id: "p-ok-2" }]);
  expect(res.json.errors).toEqual([{ id: "p-poison", status: 422, message: expect.stringMatching(/refused/) }]);
  expect(await eventIds()).toEqual(expect.arrayContaining(["p-ok-1", "p-ok-2"]));
  expect(await eventIds()).not.toContain("p-poison");
});

test("a failed write logs ids and counts, never the items' contents", async () => {
  const records = collectLogs();
  await post({
    batch: [{ id: "log-poison", type: "event", timestamp: ts, body: { name: "x\u0000", userId: "secret-user-42", properties: { email: "alice@example.test" } } }],
  });
  const failure = records.find((r) => r.msg === "ingest write failed");
  expect(failure).toMatchObject({ level: "error", component: "ingest", type: "event", items: 1, requestId: expect.any(String) });
  const log = JSON.stringify(records);
  expect(log).toContain("log-poison");
  expect(log).not.toContain("secret-user-42");
  expect(log).not.toContain("alice@example.test");
});

test("costs, token counts and durations are bounded", async () => {
  const obs = (id: string, extra: Record<string, unknown>) => ({ id, type: "observation-create", timestamp: ts, body: { traceId: "bounds-trace", name: "call", ...extra } });
  const res = await post({
    batch: [
      obs("b-cost", { cost: { total: 1e308 } }),
      obs("b-tokens", { usage: { input: 1e15 } }),
      obs("b-negative", { startTime: "2026-11-20T10:00:05Z", endTime: "2026-11-20T10:00:00Z" }),
      obs("b-ok", { startTime: "2026-11-20T10:00:00Z", endTime: "2026-11-20T10:00:05Z", cost: { total: 0.25 }, usage: { input: 1200 } }),
    ],
  });
  expect(res.status).toBe(207);
  expect(res.json.successes).toEqual([{ id: "b-ok" }]);
  expect(res.json.errors).toEqual([
    { id: "b-cost", status: 400, message: expect.stringMatching(/^body\.cost\.total: /) },
    { id: "b-tokens", status: 400, message: expect.stringMatching(/^body\.usage\.input: /) },
    { id: "b-negative", status: 400, message: "body.endTime: must not be before startTime" },
  ]);
  const stored = await t.h.db.select({ id: observations.id }).from(observations).where(eq(observations.traceId, "bounds-trace"));
  expect(stored.map((o) => o.id)).toEqual(["b-ok"]);
});

test("a duplicate item id in one batch is reported as a duplicate, and stored once", async () => {
  const item = { id: "dup-1", type: "event", timestamp: ts, body: { name: "first" } };
  const res = await post({ batch: [item, { ...item, body: { name: "second" } }] });
  expect(res.json.successes).toEqual([{ id: "dup-1" }, { id: "dup-1", status: "duplicate" }]);
  const rows = await t.h.db.select().from(events).where(eq(events.id, "dup-1"));
  expect(rows.map((r) => r.name)).toEqual(["first"]);
});

test("metric points: out-of-range times and values are 400s, a refused point fails alone", async () => {
  const res = await postMetrics({
    points: [
      { metric: "m.bounds", timestamp: ts, value: 1 },
      { metric: "m.bounds", timestamp: "+275760-09-13T00:00:00Z", value: 2 },
      { metric: "m.bounds", timestamp: ts, value: 1e300 },
      { metric: "m.bounds", timestamp: "2026-11-20T11:00:00Z", value: 3, dimensions: { k: "nul\u0000" } },
      { metric: "m.bounds", timestamp: "2026-11-20T12:00:00Z", value: 4 },
    ],
  });
  expect(res.status).toBe(207);
  expect(res.json.successes).toEqual([{ index: 0 }, { index: 4 }]);
  expect(res.json.errors).toEqual([
    { index: 1, status: 400, message: "points.1.timestamp: must not be more than a day in the future" },
    { index: 2, status: 400, message: expect.stringMatching(/^points\.2\.value: /) },
    { index: 3, status: 422, message: expect.stringMatching(/refused/) },
  ]);
  const stored = await t.h.db.select({ value: metricPoints.value }).from(metricPoints).where(eq(metricPoints.metric, "m.bounds"));
  expect(stored.map((p) => p.value).sort()).toEqual([1, 4]);
});
