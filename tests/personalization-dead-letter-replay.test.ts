// Dead-letter replay through the real route handlers: failed interactions go back to pending with fresh attempts and
// are retried at once (stored when their item has arrived since), one row or every failed one, audited, admins only.
import { expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { auditLog, personalizationDeadLetters, personalizationInteractions } from "@/db/schema";
import * as list from "@/app/api/v1/recommendations/dead-letters/route";
import * as replay from "@/app/api/v1/recommendations/dead-letters/replay/route";
import { ingestBatch } from "@/lib/ingest/batch";

const t = seededDatabase();

test("replaying failed rows stores those whose item arrived and requeues the rest; by id, one row; audited; admins only", async () => {
  const p = t.org.project.id;
  const occurredAt = new Date(Date.now() - 3_600_000);
  const row = (id: string, itemId: string) => ({
    projectId: p,
    id,
    userId: "replay-user",
    itemId,
    body: { userId: "replay-user", itemId, type: "like" },
    occurredAt,
    reason: `item "${itemId}" is not in the catalog yet`,
    status: "failed" as const,
    attempts: 8,
    nextAttemptAt: occurredAt,
  });
  await t.h.db.insert(personalizationDeadLetters).values([row("late-1", "arrived-later"), row("late-2", "never-arrives")]);
  // The first row's item arrives after its attempts ran out.
  const res = await ingestBatch(t.h.db, p, { batch: [{ id: "cat-arrived", type: "item", timestamp: occurredAt.toISOString(), body: { itemId: "arrived-later" } }] });
  expect(res.errors).toEqual([]);

  const failed = await call(list.GET, "/api/v1/recommendations/dead-letters?status=failed", { headers: bearer(t.org.apiKey.secretKey) });
  expect(failed.status).toBe(200);
  expect(failed.json.data.map((r: { id: string }) => r.id).sort()).toEqual(["late-1", "late-2"]);
  expect(failed.json.counts).toEqual({ pending: 0, recovered: 0, failed: 2 });

  expect((await call(replay.POST, "/x", { method: "POST", as: t.org.users.analyst.id, body: {} })).status).toBe(403);
  expect((await call(replay.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: { ids: [] } })).status).toBe(400);

  const all = await call(replay.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: {} });
  expect(all.status, JSON.stringify(all.json)).toBe(200);
  expect(all.json).toMatchObject({ requeued: 2, due: 2, recovered: 1, failed: 0 });
  const [stored] = await t.h.db.select().from(personalizationInteractions).where(and(eq(personalizationInteractions.projectId, p), eq(personalizationInteractions.id, "late-1")));
  expect(stored).toMatchObject({ userId: "replay-user", itemId: "arrived-later", type: "like" });
  const after = await call(list.GET, "/api/v1/recommendations/dead-letters", { headers: bearer(t.org.apiKey.secretKey) });
  const byId = Object.fromEntries(after.json.data.map((r: { id: string; status: string; attempts: number }) => [r.id, [r.status, r.attempts]]));
  expect(byId).toEqual({ "late-1": ["recovered", 1], "late-2": ["pending", 1] });

  // By id: a pending row is retried again now; a recovered one is left alone.
  const one = await call(replay.POST, "/x", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { ids: ["late-2", "late-1"] } });
  expect(one.json).toMatchObject({ requeued: 1, due: 1, recovered: 0 });
  const audit = await t.h.db.select().from(auditLog).where(and(eq(auditLog.projectId, p), eq(auditLog.action, "personalization.dead_letters_replayed")));
  expect(audit).toHaveLength(2);
  expect(audit.map((a) => a.details)).toContainEqual({ requeued: 2, recovered: 1 });
});
