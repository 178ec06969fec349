import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { events } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";

const t = seededDatabase();

const post = (body: unknown) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body });
const stored = () => t.h.db.select().from(events).where(eq(events.projectId, t.org.project.id));

test("a bad item never drops its valid neighbours, and errors name the field", async () => {
  const ts = "2026-11-20T10:00:00Z";
  const res = await post({
    batch: [
      { id: "e1", type: "event", timestamp: ts, body: { name: "message_sent", userId: "u1", properties: { n: 1 } } },
      { id: "e2", type: "event", timestamp: ts, body: { userId: "u1" } },
      { id: "e3", type: "trace-ish", timestamp: ts, body: {} },
      { id: "e4", type: "event", timestamp: "yesterday-ish", body: { name: "x" } },
      { id: "e5", type: "event", timestamp: ts, body: { name: "feedback", sessionId: "s1" } },
    ],
  });
  expect(res.status).toBe(207);
  expect(res.json.successes).toEqual([{ id: "e1" }, { id: "e5" }]);
  expect(res.json.errors).toEqual([
    { id: "e2", status: 400, message: "body.name: Invalid input: expected string, received undefined" },
    // Features register their own item types, so only the shape of the list is pinned here.
    { id: "e3", status: 400, message: expect.stringMatching(/^type: "trace-ish" is not supported \(supported: event(, [a-z-]+)*\)$/) },
    { id: "e4", status: 400, message: "batch.3.timestamp: must be an ISO-8601 date" },
  ]);
  const rows = await stored();
  expect(rows.map((r) => r.id).sort()).toEqual(["e1", "e5"]);
  expect(rows.find((r) => r.id === "e1")).toMatchObject({ name: "message_sent", userId: "u1", properties: { n: 1 } });
});

test("replaying the same ids changes nothing", async () => {
  const item = { id: "replay-1", type: "event", timestamp: "2026-11-20T10:00:00Z", body: { name: "first" } };
  await post({ batch: [item] });
  const again = await post({ batch: [{ ...item, body: { name: "second" } }, item] });
  // The second copy in one batch is a duplicate of the first, which itself replays the stored row.
  expect(again.json.successes).toEqual([{ id: "replay-1" }, { id: "replay-1", status: "duplicate" }]);
  const rows = await t.h.db.select().from(events).where(and(eq(events.projectId, t.org.project.id), eq(events.id, "replay-1")));
  expect(rows).toHaveLength(1);
  expect(rows[0].name).toBe("first");
});

test("malformed payloads get a 400, oversized ones a 413, and nothing is written", async () => {
  const before = (await stored()).length;
  const notJson = await call(ingest.POST, "/x", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: "{nope" });
  expect(notJson.status).toBe(400);
  expect((await post({ items: [] })).json.error.message).toMatch(/^batch:/);
  expect((await post({ batch: [] })).status).toBe(400);
  const huge = { batch: [{ id: "big", type: "event", timestamp: "2026-11-20T10:00:00Z", body: { name: "x", properties: { blob: "x".repeat(3_600_000) } } }] };
  const tooBig = await post(huge);
  expect(tooBig.status).toBe(413);
  expect((await stored()).length).toBe(before);
});

test("an unknown key is a 401", async () => {
  const res = await call(ingest.POST, "/x", { method: "POST", headers: bearer("sk-prism-unknown"), body: { batch: [] } });
  expect(res.status).toBe(401);
});
