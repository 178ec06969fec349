// Writes the ledger rows of an event: one queued run per job it triggers, each carrying its project (or global).
import type { Db } from "@/db/client";
import { eventTriggers, type AnyJob, type JobEvent } from "./define";
import { projectOfPayload } from "./catalog";
import { enqueueRun } from "./ledger";

export interface EnqueuedRun {
  functionId: string;
  runId: string;
  created: boolean;
}

export function idempotencyKeyFor(job: AnyJob, event: JobEvent): string | undefined {
  return job.idempotencyKey?.(event) ?? event.id;
}

/** One queued run of `job` for `event`; a repeated (job, idempotency key) changes nothing. */
export async function enqueueFor(db: Db, job: AnyJob, event: JobEvent, mode: "embedded" | "inngest"): Promise<EnqueuedRun> {
  const { id, created } = await enqueueRun(db, {
    functionId: job.id,
    eventName: event.name,
    idempotencyKey: idempotencyKeyFor(job, event),
    payload: event.data,
    maxAttempts: job.retries + 1,
    mode,
    projectId: projectOfPayload(event.data),
  });
  return { functionId: job.id, runId: id, created };
}

/** The runs of every job whose triggers include the event's name. */
export async function enqueueEvent(db: Db, jobs: AnyJob[], event: JobEvent, mode: "embedded" | "inngest"): Promise<EnqueuedRun[]> {
  const results: EnqueuedRun[] = [];
  for (const job of jobs.filter((j) => eventTriggers(j).includes(event.name))) results.push(await enqueueFor(db, job, event, mode));
  return results;
}
