import { withSession } from "@/lib/http/route";
import { auditAs } from "@/lib/audit/record";
import { getExperiment, latestResults } from "@/lib/experiments/store/experiments";
import { sendEvent } from "@/inngest/runtime";
import { EXPERIMENT_RESULTS_REQUESTED } from "@/inngest/functions/experiment-results";

export const GET = withSession("experiments:read", async (_req, { db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, String(params.key));
  const row = await latestResults(db, principal.projectId, experiment.id);
  return Response.json({ results: row?.snapshot ?? null });
});

/** Queues a recomputation now through the results job (which also runs hourly). */
export const POST = withSession("experiments:write", async (_req, { db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, String(params.key));
  const id = `experiment-results:${experiment.id}:${Date.now()}`;
  await sendEvent(db, { name: EXPERIMENT_RESULTS_REQUESTED, data: { projectId: principal.projectId, experimentId: experiment.id }, id });
  await auditAs(db, principal, { action: "experiment.results_requested", targetType: "experiment", targetId: experiment.key });
  return Response.json({ queued: true, idempotencyKey: id }, { status: 202 });
});
