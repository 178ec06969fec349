// The job ledger's SQL: runs, steps, leases; every run row names its project or is explicitly global.
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, lte, or, sql, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns, jobSteps, type JobStatus } from "@/db/schema";
import { currentRequestId } from "@/lib/log";

export type JobRun = typeof jobRuns.$inferSelect;

export interface EnqueueInput {
  functionId: string;
  eventName: string;
  idempotencyKey?: string;
  payload: Record<string, unknown>;
  maxAttempts: number;
  mode: "embedded" | "inngest";
  replayOf?: string;
  runAfter?: Date;
  /**
   * The project the run works for, or null for an instance-level run (cron fan-outs over every project): global
   * runs are visible to no tenant. Required, so no ledger write can forget it.
   */
  projectId: string | null;
  /** The API request that asked for the run; defaults to the request being served, if any. */
  requestId?: string | null;
}

/** Inserts a queued run unless one with the same (function, idempotency key) exists. */
export async function enqueueRun(db: Db, input: EnqueueInput): Promise<{ id: string; created: boolean }> {
  const idempotencyKey = input.idempotencyKey ?? randomUUID();
  const [row] = await db
    .insert(jobRuns)
    .values({ ...input, idempotencyKey, runAfter: input.runAfter ?? new Date(), requestId: input.requestId ?? currentRequestId() ?? null })
    .onConflictDoNothing({ target: [jobRuns.functionId, jobRuns.idempotencyKey] })
    .returning({ id: jobRuns.id });
  if (row) return { id: row.id, created: true };
  const [existing] = await db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(and(eq(jobRuns.functionId, input.functionId), eq(jobRuns.idempotencyKey, idempotencyKey)));
  return { id: existing.id, created: false };
}

/**
 * Claims one runnable run: queued and due, or running with an expired lease (its worker crashed).
 * SKIP LOCKED lets several processes share the queue without taking the same run.
 */
export async function claimNextRun(db: Db, functionIds: string[], leaseMs: number): Promise<JobRun | null> {
  if (functionIds.length === 0) return null;
  const now = new Date();
  const candidate = db
    .select({ id: jobRuns.id })
    .from(jobRuns)
    .where(
      and(
        inArray(jobRuns.functionId, functionIds),
        eq(jobRuns.mode, "embedded"),
        or(
          and(eq(jobRuns.status, "queued"), lte(jobRuns.runAfter, now)),
          and(eq(jobRuns.status, "running"), lt(jobRuns.lockedUntil, now)),
        ),
      ),
    )
    .orderBy(asc(jobRuns.runAfter))
    .limit(1)
    .for("update", { skipLocked: true });
  const [run] = await db
    .update(jobRuns)
    .set({
      status: "running",
      attempts: sql`${jobRuns.attempts} + 1`,
      lockedUntil: new Date(now.getTime() + leaseMs),
      startedAt: now,
    })
    .where(inArray(jobRuns.id, candidate))
    .returning();
  return run ?? null;
}

export async function markRunning(db: Db, runId: string, attempt: number) {
  await db
    .update(jobRuns)
    .set({ status: "running", attempts: attempt, startedAt: new Date() })
    .where(eq(jobRuns.id, runId));
}

export async function completeRun(db: Db, runId: string, result: unknown, durationMs: number) {
  await db
    .update(jobRuns)
    .set({
      status: "succeeded",
      result: (result ?? null) as never,
      finishedAt: new Date(),
      durationMs,
      lastError: null,
      lockedUntil: null,
    })
    .where(eq(jobRuns.id, runId));
}

/** Records a failed attempt: back to the queue after `retryInMs`, or dead-lettered when it is null. */
export async function failRun(db: Db, runId: string, error: string, durationMs: number, retryInMs: number | null) {
  const status: JobStatus = retryInMs === null ? "dead" : "queued";
  await db
    .update(jobRuns)
    .set({
      status,
      lastError: error.slice(0, 4000),
      durationMs,
      finishedAt: retryInMs === null ? new Date() : null,
      runAfter: retryInMs === null ? undefined : new Date(Date.now() + retryInMs),
      lockedUntil: null,
    })
    .where(eq(jobRuns.id, runId));
}

export async function loadStepOutput(db: Db, runId: string, stepId: string): Promise<{ found: boolean; output?: unknown }> {
  const [row] = await db
    .select({ output: jobSteps.output })
    .from(jobSteps)
    .where(and(eq(jobSteps.runId, runId), eq(jobSteps.stepId, stepId)));
  return row ? { found: true, output: row.output } : { found: false };
}

export async function saveStepOutput(db: Db, runId: string, stepId: string, output: unknown) {
  await db
    .insert(jobSteps)
    .values({ runId, stepId, output: (output ?? null) as never })
    .onConflictDoNothing();
}

/** Runs visible to a project: only its own (global runs carry every project's results and are shown to none). */
export function visibleTo(projectId: string) {
  return eq(jobRuns.projectId, projectId);
}

export async function listRuns(db: Db, projectId: string, opts: { status?: JobStatus; limit?: number } = {}) {
  return db
    .select()
    .from(jobRuns)
    .where(and(visibleTo(projectId), opts.status ? eq(jobRuns.status, opts.status) : undefined))
    .orderBy(desc(jobRuns.createdAt))
    .limit(Math.min(opts.limit ?? 100, 500));
}

/** The runs of these functions not finished yet (queued, possibly for a later retry, or running), soonest first. */
export async function pendingRuns(db: Db, functionIds: string[]) {
  if (functionIds.length === 0) return [];
  return db
    .select({ id: jobRuns.id, functionId: jobRuns.functionId, status: jobRuns.status, attempts: jobRuns.attempts, runAfter: jobRuns.runAfter, lockedUntil: jobRuns.lockedUntil })
    .from(jobRuns)
    .where(and(inArray(jobRuns.functionId, functionIds), eq(jobRuns.mode, "embedded"), inArray(jobRuns.status, ["queued", "running"])))
    .orderBy(asc(jobRuns.runAfter));
}

/** Long runs renew their lease at every step, so only a dead worker's run is ever reclaimed. */
export async function extendLease(db: Db, runId: string, leaseMs: number) {
  await db
    .update(jobRuns)
    .set({ lockedUntil: new Date(Date.now() + leaseMs) })
    .where(and(eq(jobRuns.id, runId), eq(jobRuns.status, "running")));
}
