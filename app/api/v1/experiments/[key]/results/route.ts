import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { getExperiment, latestResults } from "@/lib/experiments/store/experiments";
import { requestExperimentResults } from "@/lib/experiments/jobs";

const params = z.object({ key: pathKey("experiment") });

export const GET = route({ access: { session: "experiments:read" }, params }, async ({ db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, params.key);
  const row = await latestResults(db, principal.projectId, experiment.id);
  return Response.json({ results: row?.snapshot ?? null });
});

/** Queues a recomputation now through the results job (which also runs hourly). */
export const POST = route({ access: { session: "experiments:write" }, params }, async ({ db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, params.key);
  const { idempotencyKey } = await requestExperimentResults(db, principal, experiment);
  return Response.json({ queued: true, idempotencyKey }, { status: 202 });
});
