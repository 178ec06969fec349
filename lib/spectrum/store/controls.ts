// User controls: exclusions (a session or a date range) and resets. Both queue a recomputation of the affected
// aggregates (a job, in the transaction that stores the control) that regenerates the insights that existed for them,
// so nothing derived from excluded data survives; until it has run, the pages show the earlier periods.
import { and, desc, eq, gte, inArray, lt, max, min } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { spectrumExclusions, spectrumInsights, spectrumPeriodAggregates, spectrumResets, spectrumSessionAggregates, spectrumSessions, spectrumTurnVectors } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { withJobRequests } from "@/lib/jobs/dispatch";
import { requestUserRecompute } from "../jobs";
import { periodRange, type Granularity } from "../period-range";
import { generatePeriodInsight } from "./insights";
import { insightKind, recomputePeriod } from "./period";
import { invalidateOverview } from "./cache";

export const exclusionInputSchema = z.union([
  z.object({ sessionId: z.string().min(1, "is required").max(200) }).strict(),
  z
    .object({ from: z.coerce.date({ message: "must be an ISO-8601 date" }), to: z.coerce.date({ message: "must be an ISO-8601 date" }) })
    .strict()
    .refine((r) => r.to > r.from, { message: "must be after from", path: ["to"] }),
]);
export type ExclusionInput = z.infer<typeof exclusionInputSchema>;

export const resetInputSchema = z.object({ from: z.coerce.date({ message: "must be an ISO-8601 date" }).optional() });

const DAY = 86_400_000;

/**
 * Recomputes every week and month from `from` to the user's latest session (plus the period after, whose shifts
 * depend on it). The work is bounded by the user's own data: a `from` before their first analysed session starts
 * there (earlier periods hold nothing to recompute), and a user with no analysed session recomputes nothing, so
 * a range reaching back to 1990 costs what the user's history costs, not decades of empty weeks.
 */
export async function recomputeUserFrom(db: Db, projectId: string, userId: string, requestedFrom: Date) {
  const [{ earliest, latest }] = await db
    .select({ earliest: min(spectrumSessionAggregates.startedAt), latest: max(spectrumSessionAggregates.startedAt) })
    .from(spectrumSessionAggregates)
    .where(and(eq(spectrumSessionAggregates.projectId, projectId), eq(spectrumSessionAggregates.userId, userId)));
  // A stored period whose sessions are gone (none today, but cheap to honour) must still be recomputed.
  const [{ firstPeriod }] = await db
    .select({ firstPeriod: min(spectrumPeriodAggregates.periodStart) })
    .from(spectrumPeriodAggregates)
    .where(and(eq(spectrumPeriodAggregates.projectId, projectId), eq(spectrumPeriodAggregates.userId, userId)));
  const starts = [earliest, firstPeriod].filter((d): d is Date => d != null).map((d) => new Date(d).getTime());
  if (starts.length === 0) {
    await invalidateOverview(projectId, userId);
    return { periods: 0 };
  }
  const from = new Date(Math.max(Math.min(...starts), requestedFrom.getTime()));
  const existing = await db
    .select({ kind: spectrumInsights.kind, periodKey: spectrumInsights.periodKey })
    .from(spectrumInsights)
    .where(and(eq(spectrumInsights.projectId, projectId), eq(spectrumInsights.userId, userId)));
  const withInsight = new Set(existing.map((i) => `${i.kind}:${i.periodKey}`));
  const last = new Date(Math.max(new Date(latest ?? from).getTime(), from.getTime()));
  let periods = 0;
  for (const granularity of ["week", "month"] as Granularity[]) {
    let anchor = periodRange(from, granularity).start;
    const stop = periodRange(last, granularity).end;
    // One period past the last one: its shifts compare against the recomputed one.
    const stopAfter = periodRange(new Date(stop.getTime() + DAY), granularity).end;
    while (anchor < stopAfter) {
      const range = periodRange(anchor, granularity);
      if (withInsight.has(`${insightKind(granularity)}:${range.key}`)) await generatePeriodInsight(db, projectId, userId, granularity, anchor);
      else await recomputePeriod(db, projectId, userId, granularity, anchor);
      periods++;
      anchor = range.end;
    }
  }
  await invalidateOverview(projectId, userId);
  return { periods };
}

export async function listExclusions(db: Db, projectId: string, userId: string) {
  const rows = await db
    .select()
    .from(spectrumExclusions)
    .where(and(eq(spectrumExclusions.projectId, projectId), eq(spectrumExclusions.userId, userId)))
    .orderBy(desc(spectrumExclusions.createdAt));
  return rows.map((r) => ({ id: r.id, sessionId: r.sessionId, from: r.fromAt?.toISOString() ?? null, to: r.toAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString() }));
}

/** What an exclusion or reset reply says about the recomputation it asked for (202: it runs as a job). */
export type Recomputation = "queued" | "not_needed";

export async function addExclusion(db: Db, projectId: string, userId: string, input: ExclusionInput) {
  let recomputeFrom: Date;
  if ("sessionId" in input) {
    const [session] = await db
      .select({ startedAt: spectrumSessions.startedAt })
      .from(spectrumSessions)
      .where(and(eq(spectrumSessions.projectId, projectId), eq(spectrumSessions.userId, userId), eq(spectrumSessions.id, input.sessionId)));
    if (!session) throw new AppError("not_found", "No such session for this user");
    recomputeFrom = session.startedAt;
  } else {
    recomputeFrom = input.from;
  }
  const id = await withJobRequests(db, async (tx, jobs) => {
    const [row] = await tx
      .insert(spectrumExclusions)
      .values({ projectId, userId, sessionId: "sessionId" in input ? input.sessionId : null, fromAt: "from" in input ? input.from : null, toAt: "to" in input ? input.to : null })
      .returning({ id: spectrumExclusions.id });
    await requestUserRecompute(jobs, { projectId, userId, from: recomputeFrom, change: `exclusion-added:${row.id}` });
    return row.id;
  });
  // The session list and the exclusions are read live; the periods change when the job has run (it invalidates again).
  await invalidateOverview(projectId, userId);
  return { id, recomputation: "queued" as Recomputation };
}

export async function removeExclusion(db: Db, projectId: string, userId: string, exclusionId: string) {
  const result = await withJobRequests(db, async (tx, jobs) => {
    const [row] = await tx
      .delete(spectrumExclusions)
      .where(and(eq(spectrumExclusions.projectId, projectId), eq(spectrumExclusions.userId, userId), eq(spectrumExclusions.id, exclusionId)))
      .returning();
    if (!row) throw new AppError("not_found", "No such exclusion");
    let from = row.fromAt;
    if (row.sessionId) {
      const [s] = await tx.select({ startedAt: spectrumSessions.startedAt }).from(spectrumSessions).where(and(eq(spectrumSessions.projectId, projectId), eq(spectrumSessions.id, row.sessionId)));
      from = s?.startedAt ?? null;
    }
    if (!from) return { id: row.id, recomputation: "not_needed" as Recomputation };
    await requestUserRecompute(jobs, { projectId, userId, from, change: `exclusion-removed:${row.id}` });
    return { id: row.id, recomputation: "queued" as Recomputation };
  });
  await invalidateOverview(projectId, userId);
  return result;
}

/**
 * Reset: nothing before `from` (default now) counts any more. Derived records of earlier sessions and every period
 * aggregate and insight are deleted at once; periods with sessions after `from` are recomputed from those sessions
 * only, by a job queued in the same transaction. Raw turns stay until retention removes them (the user can ask for
 * deletion for that).
 */
export async function resetSpectrum(db: Db, projectId: string, userId: string, from = new Date()) {
  const recomputation = await withJobRequests(db, async (tx, jobs) => {
    const [reset] = await tx.insert(spectrumResets).values({ projectId, userId, resetAt: from }).returning({ id: spectrumResets.id });
    const before = tx
      .select({ id: spectrumSessionAggregates.sessionId })
      .from(spectrumSessionAggregates)
      .where(and(eq(spectrumSessionAggregates.projectId, projectId), eq(spectrumSessionAggregates.userId, userId), lt(spectrumSessionAggregates.startedAt, from)));
    await tx.delete(spectrumTurnVectors).where(and(eq(spectrumTurnVectors.projectId, projectId), eq(spectrumTurnVectors.userId, userId), inArray(spectrumTurnVectors.sessionId, before)));
    await tx
      .delete(spectrumSessionAggregates)
      .where(and(eq(spectrumSessionAggregates.projectId, projectId), eq(spectrumSessionAggregates.userId, userId), lt(spectrumSessionAggregates.startedAt, from)));
    await tx.delete(spectrumInsights).where(and(eq(spectrumInsights.projectId, projectId), eq(spectrumInsights.userId, userId)));
    await tx.delete(spectrumPeriodAggregates).where(and(eq(spectrumPeriodAggregates.projectId, projectId), eq(spectrumPeriodAggregates.userId, userId)));
    const [after] = await tx
      .select({ id: spectrumSessionAggregates.sessionId })
      .from(spectrumSessionAggregates)
      .where(and(eq(spectrumSessionAggregates.projectId, projectId), eq(spectrumSessionAggregates.userId, userId), gte(spectrumSessionAggregates.startedAt, from)))
      .limit(1);
    if (!after) return "not_needed" as Recomputation;
    await requestUserRecompute(jobs, { projectId, userId, from, change: `reset:${reset.id}` });
    return "queued" as Recomputation;
  });
  await invalidateOverview(projectId, userId);
  return { resetAt: from.toISOString(), recomputation };
}
