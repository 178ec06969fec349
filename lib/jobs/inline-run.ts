// Work done outside the runner (the demo's set-up calls the same lib functions the jobs call, so its pages have data
// on first start) is recorded in the ledger like any run: the Jobs page then agrees with the pages that cite a job.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { completeRun, failRun } from "./ledger";
import { jobMode } from "./dispatch";
import { describeFailure } from "@/lib/errors/log-safe";

export interface InlineJob {
  functionId: string;
  eventName: string;
}

/** Runs `work` now and records it as a run of `job.functionId`, started and finished like a runner's run. */
export type InlineRecorder = <T>(job: InlineJob, work: () => Promise<T>) => Promise<T>;

/** A recorder that records nothing: the plain call, for callers outside a set-up. */
export const runWithoutRecord: InlineRecorder = (_job, work) => work();

/** A recorder writing one succeeded (or dead) ledger row per call, for `projectId`, marked with `source`. */
export function ledgerRecorder(db: Db, projectId: string, source: string, clock: () => Date = () => new Date()): InlineRecorder {
  return async (job, work) => {
    const startedAt = clock();
    const [row] = await db
      .insert(jobRuns)
      .values({
        functionId: job.functionId,
        eventName: job.eventName,
        projectId,
        idempotencyKey: `${source}:${randomUUID()}`,
        payload: { projectId, source },
        mode: jobMode(),
        status: "running",
        attempts: 1,
        maxAttempts: 1,
        runAfter: startedAt,
        startedAt,
      })
      .returning({ id: jobRuns.id });
    try {
      const result = await work();
      await completeRun(db, row.id, { source }, clock().getTime() - startedAt.getTime());
      return result;
    } catch (error) {
      await failRun(db, row.id, describeFailure(error), clock().getTime() - startedAt.getTime(), null);
      throw error;
    }
  };
}
