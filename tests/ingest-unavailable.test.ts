// When the database is unreachable nothing can be stored: ingest answers 503 with Retry-After, not a 207 of errors.
import { afterAll, beforeAll, expect, test } from "vitest";
import { bearer, call, seedOrg, type SeededOrg } from "./support/fixtures";
import { createTestDb } from "./support/db";
import type { DbHandle } from "@/db/client";
import * as ingest from "@/app/api/v1/ingest/route";
import * as metrics from "@/app/api/v1/metrics/route";

let h: DbHandle;
let org: SeededOrg;
let closed = false;
beforeAll(async () => {
  h = await createTestDb();
  org = await seedOrg(h.db);
});
afterAll(async () => {
  if (!closed) await h.close();
});

const ts = "2026-11-20T10:00:00Z";
const post = (body: unknown) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(org.apiKey.secretKey), body });

test("a batch that could not be stored at all because the database is down is a 503 with Retry-After", async () => {
  // A first call verifies (and caches) the key while the database is up.
  expect((await post({ batch: [{ id: "up-1", type: "event", timestamp: ts, body: { name: "a" } }] })).status).toBe(207);
  await h.close();
  closed = true;
  const res = await post({
    batch: [
      { id: "down-1", type: "event", timestamp: ts, body: { name: "a" } },
      { id: "down-2", type: "event", timestamp: ts, body: { name: "b" } },
    ],
  });
  expect(res.status).toBe(503);
  expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(res.json.successes).toEqual([]);
  expect(res.json.errors.map((e: { id: string; status: number }) => [e.id, e.status])).toEqual([["down-1", 503], ["down-2", 503]]);

  const points = await call(metrics.POST, "/api/v1/metrics", { method: "POST", headers: bearer(org.apiKey.secretKey), body: { points: [{ metric: "m.down", timestamp: ts, value: 1 }] } });
  expect(points.status).toBe(503);
  expect(points.headers.get("retry-after")).not.toBeNull();
});
