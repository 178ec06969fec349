// The feedback dead-letter table: interactions refused for an item not yet in the catalog, kept (up to a cap per
// project) and retried by the personalization-feedback-retry job; recovered ones are stored as interactions.
import { and, count, desc, eq, inArray, lt, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { personalizationDeadLetters, personalizationInteractions } from "@/db/schema";
import { interactionRow, type InteractionBody } from "../feedback";
import { DEAD_LETTER_CAP, DEAD_LETTER_MAX_ATTEMPTS, DEAD_LETTER_TTL_DAYS, nextAttemptAt, unknownItemReason } from "../dead-letters";
import { catalogItems } from "./interactions";

const DUE_BATCH = 1000;

type Refused = { id: string; timestamp: Date; body: InteractionBody };

/** Keeps refused interactions for retry; returns the ids kept (a replayed id that is already kept counts). */
export async function queueDeadLetters(db: Db, projectId: string, items: Refused[], now = new Date()): Promise<Set<string>> {
  const d = personalizationDeadLetters;
  const [{ pending }] = await db.select({ pending: count() }).from(d).where(and(eq(d.projectId, projectId), eq(d.status, "pending")));
  const room = Math.max(0, DEAD_LETTER_CAP - Number(pending));
  const kept = items.slice(0, room);
  if (!kept.length) return new Set();
  await db
    .insert(d)
    .values(
      kept.map((i) => ({
        projectId,
        id: i.id,
        userId: i.body.userId,
        itemId: i.body.itemId,
        body: i.body as unknown as Record<string, unknown>,
        occurredAt: i.timestamp,
        reason: unknownItemReason(i.body.itemId),
        nextAttemptAt: nextAttemptAt(0, now),
      })),
    )
    .onConflictDoNothing();
  return new Set(kept.map((i) => i.id));
}

export interface RetryOutcome {
  projectId: string;
  due: number;
  recovered: number;
  failed: number;
  expired: number;
}

/** Retries a project's due rows once: recovered when the item is now in the catalog, else backed off or failed. */
export async function retryDeadLetters(db: Db, projectId: string, now = new Date()): Promise<RetryOutcome> {
  const d = personalizationDeadLetters;
  const expiredBefore = new Date(now.getTime() - DEAD_LETTER_TTL_DAYS * 86_400_000);
  const expired = await db.delete(d).where(and(eq(d.projectId, projectId), lt(d.createdAt, expiredBefore))).returning({ id: d.id });
  const due = await db
    .select()
    .from(d)
    .where(and(eq(d.projectId, projectId), eq(d.status, "pending"), lte(d.nextAttemptAt, now)))
    .orderBy(d.nextAttemptAt)
    .limit(DUE_BATCH);
  const known = await catalogItems(db, projectId, [...new Set(due.map((r) => r.itemId))]);
  const recovered = due.filter((r) => known.has(r.itemId));
  const still = due.filter((r) => !known.has(r.itemId));
  await db.transaction(async (tx) => {
    if (recovered.length) {
      await tx
        .insert(personalizationInteractions)
        .values(recovered.map((r) => interactionRow(projectId, { id: r.id, timestamp: r.occurredAt, body: r.body as unknown as InteractionBody })))
        .onConflictDoNothing();
      await tx
        .update(d)
        .set({ status: "recovered", attempts: sql`${d.attempts} + 1`, updatedAt: now })
        .where(and(eq(d.projectId, projectId), inArray(d.id, recovered.map((r) => r.id))));
    }
    for (const r of still) {
      const attempts = r.attempts + 1;
      const failed = attempts >= DEAD_LETTER_MAX_ATTEMPTS;
      await tx
        .update(d)
        .set({ attempts, status: failed ? "failed" : "pending", nextAttemptAt: failed ? r.nextAttemptAt : nextAttemptAt(attempts, now), updatedAt: now })
        .where(and(eq(d.projectId, projectId), eq(d.id, r.id)));
    }
  });
  const failed = still.filter((r) => r.attempts + 1 >= DEAD_LETTER_MAX_ATTEMPTS).length;
  return { projectId, due: due.length, recovered: recovered.length, failed, expired: expired.length };
}

/** Projects with rows to retry or expire. */
export async function projectsWithDeadLetters(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ projectId: personalizationDeadLetters.projectId }).from(personalizationDeadLetters);
  return rows.map((r) => r.projectId);
}

/** Rows per status: the share recovered by retries is recovered / (recovered + failed). */
export async function deadLetterCounts(db: Db, projectId: string): Promise<Record<"pending" | "recovered" | "failed", number>> {
  const d = personalizationDeadLetters;
  const rows = await db.select({ status: d.status, n: count() }).from(d).where(eq(d.projectId, projectId)).groupBy(d.status);
  const out = { pending: 0, recovered: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export type DeadLetterStatus = "pending" | "recovered" | "failed";

/** The newest rows (optionally of one status), without their bodies, for the page and the API. */
export async function listDeadLetters(db: Db, projectId: string, o: { status?: DeadLetterStatus; limit: number }) {
  const d = personalizationDeadLetters;
  return db
    .select({
      id: d.id,
      userId: d.userId,
      itemId: d.itemId,
      reason: d.reason,
      status: d.status,
      attempts: d.attempts,
      occurredAt: d.occurredAt,
      nextAttemptAt: d.nextAttemptAt,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
    })
    .from(d)
    .where(and(eq(d.projectId, projectId), o.status ? eq(d.status, o.status) : undefined))
    .orderBy(desc(d.updatedAt), d.id)
    .limit(o.limit);
}

/**
 * Replay: the given rows (or every failed one) go back to pending with fresh attempts, due now, and are retried at
 * once; rows already recovered are left alone. Returns how many were requeued and the retry's outcome.
 */
export async function replayDeadLetters(db: Db, projectId: string, ids: readonly string[] | null, now = new Date()): Promise<RetryOutcome & { requeued: number }> {
  const d = personalizationDeadLetters;
  const requeued = await db
    .update(d)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now, updatedAt: now })
    .where(and(eq(d.projectId, projectId), ids ? and(inArray(d.id, [...ids]), inArray(d.status, ["pending", "failed"])) : eq(d.status, "failed")))
    .returning({ id: d.id });
  const outcome = await retryDeadLetters(db, projectId, now);
  return { ...outcome, requeued: requeued.length };
}
