import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { getExperiment, latestResults } from "@/lib/experiments/store/experiments";
import { requestExperimentResults } from "@/lib/experiments/jobs";
import { cohortBreakdown, withCohortBreakdown } from "@/lib/experiments/cohort-breakdown";

const params = z.object({ key: pathKey("experiment") });
const query = z.object({ cohort: z.uuid({ error: "cohort must be a cohort id" }).optional() });

/**
 * The stored results. Goal metrics are split by plan at first exposure, or with `?cohort=<id>` by membership of that
 * saved cohort (members vs the other exposed users, as of the cohort's last refresh).
 */
export const GET = route({ access: { session: "experiments:read" }, params, query }, async ({ db, principal, params, query }) => {
  const experiment = await getExperiment(db, principal.projectId, params.key);
  const row = await latestResults(db, principal.projectId, experiment.id);
  if (!query.cohort || !row) return Response.json({ results: row?.snapshot ?? null, breakdown: { kind: "plan" } });
  const breakdown = await cohortBreakdown(db, principal.projectId, experiment, query.cohort);
  return Response.json({ results: withCohortBreakdown(row.snapshot, breakdown), breakdown: { kind: "cohort", cohort: breakdown.cohort } });
});

/** Queues a recomputation now through the results job (which also runs hourly). */
export const POST = route({ access: { session: "experiments:write" }, params }, async ({ db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, params.key);
  const { idempotencyKey } = await requestExperimentResults(db, principal, experiment);
  return Response.json({ queued: true, idempotencyKey }, { status: 202 });
});
