import type { Db } from "@/db/client";
import { inngestConfigured, env } from "@/lib/env";
import type { JobEvent } from "@/lib/jobs/define";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { enqueueRun, getRun } from "@/lib/jobs/ledger";
import { AppError } from "@/lib/errors";
import { auditAs } from "@/lib/audit/record";
import type { Principal } from "@/lib/auth/session";
import { allJobs } from "./functions";
import { housekeeping, HOUSEKEEPING_REQUESTED } from "./functions/housekeeping";

export type JobMode = "embedded" | "inngest";

export function jobMode(): JobMode {
  return inngestConfigured() ? "inngest" : "embedded";
}

const globalForRunner = globalThis as unknown as { __prismRunner?: EmbeddedRunner };

/** Starts the in-process runner unless Inngest is configured (then Inngest calls /api/inngest instead). */
export function startJobRunner(db: Db): EmbeddedRunner | undefined {
  if (jobMode() === "inngest") return undefined;
  if (!globalForRunner.__prismRunner) {
    globalForRunner.__prismRunner = new EmbeddedRunner(db, allJobs, { pollMs: env().PRISM_JOBS_POLL_MS });
    globalForRunner.__prismRunner.start();
  }
  return globalForRunner.__prismRunner;
}

export async function stopJobRunner() {
  await globalForRunner.__prismRunner?.stop();
  globalForRunner.__prismRunner = undefined;
}

/** Sends an event to the jobs it triggers: to Inngest when configured, else onto the embedded runner's ledger. */
export async function sendEvent(db: Db, event: JobEvent) {
  if (jobMode() === "inngest") {
    const { inngest } = await import("./client");
    await inngest.send({ name: event.name, data: { ...event.data, idempotencyKey: event.id }, ...(event.id ? { id: event.id } : {}) });
    return;
  }
  // Without a started runner (scripts, tests) this still writes the ledger; the server's runner picks it up.
  const runner = globalForRunner.__prismRunner ?? new EmbeddedRunner(db, allJobs);
  await runner.send(event);
}

/** Replays a dead-lettered run with the same payload under a fresh idempotency key, and audits it. */
export async function replayDeadRun(db: Db, actor: Principal, runId: string) {
  const run = await getRun(db, runId);
  if (!run) throw new AppError("not_found", "No such job run");
  if (run.status !== "dead") throw new AppError("conflict", `Only dead-lettered runs can be replayed (this one is ${run.status})`);
  const job = allJobs.find((j) => j.id === run.functionId);
  if (!job) throw new AppError("unprocessable", `Job ${run.functionId} no longer exists`);
  if (run.projectId && run.projectId !== actor.projectId) throw new AppError("not_found", "No such job run");
  await auditAs(db, actor, {
    action: "job.replayed",
    targetType: "job_run",
    targetId: run.id,
    details: { functionId: run.functionId },
  });
  const idempotencyKey = `${run.idempotencyKey}:replay:${Date.now()}`;
  if (jobMode() === "inngest") {
    await sendEvent(db, { name: run.eventName, data: run.payload, id: idempotencyKey });
    return { replayRunId: null };
  }
  const { id } = await enqueueRun(db, {
    functionId: run.functionId,
    eventName: run.eventName,
    idempotencyKey,
    payload: run.payload,
    maxAttempts: job.retries + 1,
    mode: "embedded",
    replayOf: run.id,
    projectId: run.projectId ?? undefined,
  });
  return { replayRunId: id };
}

// Jobs an admin may start by hand, and the event that starts each.
const manualTriggers: Record<string, string> = { [housekeeping.id]: HOUSEKEEPING_REQUESTED };

export async function triggerJob(db: Db, actor: Principal, jobId: string) {
  const eventName = manualTriggers[jobId];
  if (!eventName) throw new AppError("not_found", `No job "${jobId}" can be started by hand`);
  const id = `manual:${jobId}:${Date.now()}`;
  await sendEvent(db, { name: eventName, data: { requestedBy: actor.email }, id });
  await auditAs(db, actor, {
    action: "job.triggered",
    targetType: "job",
    targetId: jobId,
  });
  return { queued: true, idempotencyKey: id };
}
