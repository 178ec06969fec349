// Batch ingest item types of Spectrum: `session`, `turn`, `feedback`. Idempotent (a replayed id changes nothing,
// except that a session may be completed later); a completed session triggers the post-session analysis job.
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { spectrumFeedback, spectrumSessionAggregates, spectrumSessions, spectrumTurns } from "@/db/schema";
import type { IngestType } from "@/lib/ingest/types";
import { requestSessionAnalysis } from "../jobs";
import { eventTime } from "@/lib/ingest/fields";

const id = z.string().min(1, "is required").max(200);
const date = eventTime;

const sessionBody = z.object({
  userId: id,
  startedAt: date.optional(),
  endedAt: date.optional(),
  completed: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
}).refine((b) => !b.startedAt || !b.endedAt || b.endedAt >= b.startedAt, { path: ["endedAt"], message: "must not be before startedAt" });
const turnBody = z.object({
  sessionId: id,
  userId: id,
  role: z.enum(["user", "assistant"], { message: 'must be "user" or "assistant"' }),
  text: z.string().min(1, "is required").max(20_000, "must be at most 20000 characters"),
  timestamp: date.optional(),
});
const feedbackBody = z.object({
  sessionId: id,
  userId: id,
  turnId: id.optional(),
  rating: z.number().int().min(-1).max(5).optional(),
  comment: z.string().max(5000).optional(),
});

export const sessionIngestType: IngestType<z.infer<typeof sessionBody>> = {
  type: "session",
  body: sessionBody,
  async write(db, projectId, items) {
    const completedIds: string[] = [];
    await db.transaction(async (tx) => {
      for (const { id: sessionId, timestamp, body } of items) {
        const completed = body.completed === true || body.endedAt !== undefined;
        const [row] = await tx
          .insert(spectrumSessions)
          .values({ projectId, id: sessionId, userId: body.userId, startedAt: body.startedAt ?? timestamp, endedAt: body.endedAt ?? null, completed, metadata: body.metadata ?? {} })
          // A replay changes nothing, but a later "session ended" item for the same id completes it.
          .onConflictDoUpdate({
            target: [spectrumSessions.projectId, spectrumSessions.id],
            set: { completed: sql`${spectrumSessions.completed} or excluded.completed`, endedAt: sql`coalesce(${spectrumSessions.endedAt}, excluded.ended_at)` },
            setWhere: and(eq(spectrumSessions.userId, body.userId), eq(spectrumSessions.completed, false)),
          })
          .returning({ completed: spectrumSessions.completed });
        if (row?.completed && completed) completedIds.push(sessionId);
      }
    });
    for (const sessionId of completedIds) await requestSessionAnalysis(db, { projectId, sessionId });
  },
};

export const turnIngestType: IngestType<z.infer<typeof turnBody>> = {
  type: "turn",
  body: turnBody,
  async write(db, projectId, items) {
    // A turn must belong to a known session of the same user; others are refused one by one.
    const sessionIds = [...new Set(items.map((i) => i.body.sessionId))];
    const sessions = await db
      .select({ id: spectrumSessions.id, userId: spectrumSessions.userId })
      .from(spectrumSessions)
      .where(and(eq(spectrumSessions.projectId, projectId), inArray(spectrumSessions.id, sessionIds)));
    const owner = new Map(sessions.map((s) => [s.id, s.userId]));
    const failed = items
      .filter((i) => owner.get(i.body.sessionId) !== i.body.userId)
      .map((i) => ({ id: i.id, code: "unprocessable" as const, message: `body.sessionId: session "${i.body.sessionId}" is unknown or belongs to another user (send the session item first)` }));
    const refused = new Set(failed.map((f) => f.id));
    const ok = items.filter((i) => !refused.has(i.id));
    if (ok.length) {
      const inserted = await db
        .insert(spectrumTurns)
        .values(ok.map(({ id: turnId, timestamp, body }) => ({ projectId, id: turnId, sessionId: body.sessionId, userId: body.userId, role: body.role, text: body.text, timestamp: body.timestamp ?? timestamp })))
        .onConflictDoNothing()
        .returning({ sessionId: spectrumTurns.sessionId });
      await reanalyseLateTurns(db, projectId, [...new Set(inserted.map((t) => t.sessionId))]);
    }
    return { failed };
  },
};

export const feedbackIngestType: IngestType<z.infer<typeof feedbackBody>> = {
  type: "feedback",
  body: feedbackBody,
  async write(db, projectId, items) {
    await db
      .insert(spectrumFeedback)
      .values(items.map(({ id: feedbackId, timestamp, body }) => ({ projectId, id: feedbackId, sessionId: body.sessionId, turnId: body.turnId ?? null, userId: body.userId, rating: body.rating ?? null, comment: body.comment ?? null, timestamp })))
      .onConflictDoNothing();
  },
};

export const spectrumIngestTypes = [sessionIngestType, turnIngestType, feedbackIngestType];

/** Turns that arrive after their session was analysed: analyse the session again (keyed by its new turn count). */
async function reanalyseLateTurns(db: Db, projectId: string, sessionIds: string[]) {
  if (sessionIds.length === 0) return;
  const analysed = await db
    .select({ sessionId: spectrumSessionAggregates.sessionId })
    .from(spectrumSessionAggregates)
    .where(and(eq(spectrumSessionAggregates.projectId, projectId), inArray(spectrumSessionAggregates.sessionId, sessionIds)));
  if (analysed.length === 0) return;
  const counts = await db
    .select({ sessionId: spectrumTurns.sessionId, turns: count() })
    .from(spectrumTurns)
    .where(and(eq(spectrumTurns.projectId, projectId), inArray(spectrumTurns.sessionId, analysed.map((a) => a.sessionId))))
    .groupBy(spectrumTurns.sessionId);
  for (const c of counts) await requestSessionAnalysis(db, { projectId, sessionId: c.sessionId, turnCount: c.turns });
}
