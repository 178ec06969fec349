// Mirrors a run under Inngest into the ledger, so the Jobs page is true in both modes.
import type { Db } from "@/db/client";
import type { AnyJob, JobEvent, StepTools } from "./define";
import { projectOfPayload } from "./catalog";
import { completeRun, enqueueRun, failRun, markRunning } from "./ledger";
import { withRequestContext } from "@/lib/log";
import { recordJobAttempt } from "@/lib/metrics";

/**
 * Runs a job attempt under Inngest and mirrors it into the ledger (Inngest owns retries and scheduling;
 * the ledger keeps the Jobs page true in both modes). One ledger row per triggering event.
 */
export async function runUnderInngest(
  db: Db,
  job: AnyJob,
  ctx: { event: JobEvent; step: StepTools; runId: string; attempt: number },
): Promise<unknown> {
  const maxAttempts = job.retries + 1;
  const { id } = await enqueueRun(db, {
    functionId: job.id,
    eventName: ctx.event.name,
    // Inngest re-invokes a function once per step; the triggering event's id names the run across invocations.
    idempotencyKey: `inngest:${ctx.event.id ?? ctx.runId}`,
    payload: ctx.event.data ?? {},
    maxAttempts,
    mode: "inngest",
    projectId: projectOfPayload(ctx.event.data ?? {}),
    requestId: typeof ctx.event.data?.requestId === "string" ? ctx.event.data.requestId : null,
  });
  await markRunning(db, id, ctx.attempt + 1);
  const started = Date.now();
  const requestId = typeof ctx.event.data?.requestId === "string" ? ctx.event.data.requestId : id;
  return withRequestContext({ requestId, runId: id }, async () => {
    try {
      const result = await job.handler({ event: ctx.event, step: ctx.step, db, runId: id, attempt: ctx.attempt });
      await completeRun(db, id, result, Date.now() - started);
      recordJobAttempt(job.id, "succeeded", (Date.now() - started) / 1000);
      return result;
    } catch (err) {
      const last = ctx.attempt + 1 >= maxAttempts;
      await failRun(db, id, err instanceof Error ? err.message : String(err), Date.now() - started, last ? null : 0);
      recordJobAttempt(job.id, last ? "dead" : "retried", (Date.now() - started) / 1000);
      throw err;
    }
  });
}
