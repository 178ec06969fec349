// Experiments' requests for background work; routes call these and never build event names.
import type { Db } from "@/db/client";
import { auditAs } from "@/lib/audit/record";
import { EXPERIMENT_RESULTS_REQUESTED } from "@/lib/jobs/catalog";
import { withJobRequests } from "@/lib/jobs/dispatch";

/**
 * Queues a recomputation of one experiment's results now (the job also runs hourly), audited in the same
 * transaction as the enqueue; returns the run's idempotency key.
 */
export async function requestExperimentResults(
  db: Db,
  actor: { userId: string; email: string; orgId: string; projectId: string },
  experiment: { id: string; key: string },
) {
  const idempotencyKey = `experiment-results:${experiment.id}:${Date.now()}`;
  await withJobRequests(db, async (tx, jobs) => {
    await jobs.send(EXPERIMENT_RESULTS_REQUESTED, { projectId: actor.projectId, experimentId: experiment.id }, { id: idempotencyKey });
    await auditAs(tx, actor, { action: "experiment.results_requested", targetType: "experiment", targetId: experiment.key });
  });
  return { idempotencyKey };
}
