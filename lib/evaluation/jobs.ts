// Evaluation's requests for background work: executing a prompt version over a dataset run, once per run.
import { EVALUATION_RUN_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import type { JobRequests } from "@/lib/jobs/dispatch";

export { EVALUATION_RUN_REQUESTED };
export type EvaluationRunEvent = JobPayload<typeof EVALUATION_RUN_REQUESTED>;

export function evaluationRunKey(e: EvaluationRunEvent): string {
  return `evaluation-run:${e.projectId}:${e.runId}`;
}

/** Asks for the run's execution inside the transaction that creates it, so a run never exists without its job. */
export async function requestEvaluationRun(jobs: JobRequests, e: EvaluationRunEvent) {
  await jobs.send(EVALUATION_RUN_REQUESTED, e, { id: evaluationRunKey(e) });
}
