import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { auditAs } from "@/lib/audit/record";
import { getExperiment, latestResults } from "@/lib/experiments/store";
import { sendEvent } from "@/inngest/runtime";
import { EXPERIMENT_RESULTS_REQUESTED } from "@/inngest/functions/experiment-results";

const params = z.object({ key: pathKey("experiment") });

export const GET = route({ access: { session: "experiments:read" }, params }, async ({ db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, params.key);
  const row = await latestResults(db, principal.projectId, experiment.id);
  return Response.json({ results: row?.snapshot ?? null });
});

/** Queues a recomputation now through the results job (which also runs hourly). */
export const POST = route({ access: { session: "experiments:write" }, params }, async ({ db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, params.key);
  const id = `experiment-results:${experiment.id}:${Date.now()}`;
  // Enqueue and audit are not one transaction yet: the embedded runner writes its ledger through its own handle.
  // lib/jobs' request functions (issue 11 §1) are to take the transaction.
  await sendEvent(db, { name: EXPERIMENT_RESULTS_REQUESTED, data: { projectId: principal.projectId, experimentId: experiment.id }, id });
  await auditAs(db, principal, { action: "experiment.results_requested", targetType: "experiment", targetId: experiment.key });
  return Response.json({ queued: true, idempotencyKey: id }, { status: 202 });
});
