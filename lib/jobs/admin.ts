// Admin operations on the ledger: replaying a dead letter and starting a job by hand, each audited in the same
// transaction as its enqueue, and scoped to the caller's project.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditAs } from "@/lib/audit/record";
import type { Principal } from "@/lib/auth/session";
import { eventTriggers } from "./define";
import { isJobEventName, manuallyTriggered, parsePayload, type JobEventName } from "./catalog";
import { jobMode, registeredJobs, withJobRequests } from "./dispatch";
import { enqueueRun, visibleTo } from "./ledger";

/** Replays a dead-lettered run of the caller's project with the same payload under a fresh idempotency key. */
export async function replayDeadRun(db: Db, actor: Principal, runId: string) {
  const { jobs } = await registeredJobs();
  return withJobRequests(db, async (tx, requests) => {
    // Locked: two concurrent replays of one dead letter make one replay.
    const [run] = await tx.select().from(jobRuns).where(and(eq(jobRuns.id, runId), visibleTo(actor.projectId))).for("update");
    if (!run) throw new AppError("not_found", "No such job run");
    if (run.status !== "dead") throw new AppError("conflict", `Only dead-lettered runs can be replayed (this one is ${run.status})`);
    const [replayed] = await tx.select({ id: jobRuns.id }).from(jobRuns).where(eq(jobRuns.replayOf, run.id)).limit(1);
    if (replayed) throw new AppError("conflict", "This run was already replayed");
    const job = jobs.find((j) => j.id === run.functionId);
    if (!job) throw new AppError("unprocessable", `Job ${run.functionId} no longer exists`);
    await auditAs(tx, actor, { action: "job.replayed", targetType: "job_run", targetId: run.id, details: { functionId: run.functionId } });
    const idempotencyKey = `${run.idempotencyKey}:replay:${Date.now()}`;
    // The enqueue validates the payload as any send does; refused, it rolls the audit row back with it.
    if (isJobEventName(run.eventName)) payloadFor(run.eventName, run.payload);
    if (jobMode() === "inngest") {
      // Inngest starts functions by event: a cron run is replayed through its job's own event.
      const name = isJobEventName(run.eventName) ? run.eventName : eventTriggers(job).find(isJobEventName);
      if (!name) throw new AppError("unprocessable", `Job ${run.functionId} has no event to replay it through Inngest`);
      await requests.send(name, run.payload as never, { id: idempotencyKey });
      return { replayRunId: null };
    }
    const { id } = await enqueueRun(tx, {
      functionId: run.functionId,
      eventName: run.eventName,
      idempotencyKey,
      payload: run.payload,
      maxAttempts: job.retries + 1,
      mode: "embedded",
      replayOf: run.id,
      projectId: run.projectId,
    });
    return { replayRunId: id };
  });
}

function payloadFor(name: JobEventName, payload: unknown) {
  try {
    return parsePayload(name, payload);
  } catch (err) {
    throw new AppError("unprocessable", `The run's payload does not fit its event any more (${err instanceof Error ? err.message : err})`);
  }
}

/** Starts a job that may be started by hand (see catalog.manuallyTriggered), for the caller's project. */
export async function triggerJob(db: Db, actor: Principal, jobId: string) {
  const job = (await registeredJobs()).jobs.find((j) => j.id === jobId);
  const name = job && eventTriggers(job).find((n): n is JobEventName => isJobEventName(n) && manuallyTriggered.includes(n));
  if (!name) throw new AppError("not_found", `No job "${jobId}" can be started by hand`);
  const id = `manual:${jobId}:${actor.projectId}:${Date.now()}`;
  await withJobRequests(db, async (tx, requests) => {
    await requests.send(name, { projectId: actor.projectId, requestedBy: actor.email } as never, { id });
    await auditAs(tx, actor, { action: "job.triggered", targetType: "job", targetId: jobId });
  });
  return { queued: true, idempotencyKey: id };
}
