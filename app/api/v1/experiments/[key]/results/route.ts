import { withSession } from "@/lib/http/route";
import { getExperiment, latestResults } from "@/lib/experiments/store/experiments";
import { requestExperimentResults } from "@/lib/experiments/jobs";

export const GET = withSession("experiments:read", async (_req, { db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, String(params.key));
  const row = await latestResults(db, principal.projectId, experiment.id);
  return Response.json({ results: row?.snapshot ?? null });
});

/** Queues a recomputation now through the results job (which also runs hourly). */
export const POST = withSession("experiments:write", async (_req, { db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, String(params.key));
  const { idempotencyKey } = await requestExperimentResults(db, principal, experiment);
  return Response.json({ queued: true, idempotencyKey }, { status: 202 });
});
