import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { getExperiment, latestResults, listBreaches, updateExperiment } from "@/lib/experiments/store/experiments";

export const GET = withSession("experiments:read", async (_req, { db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, String(params.key));
  const [results, breaches] = await Promise.all([
    latestResults(db, principal.projectId, experiment.id),
    listBreaches(db, principal.projectId, experiment.id),
  ]);
  return Response.json({ experiment, results: results?.snapshot ?? null, breaches });
});

export const PATCH = withSession("experiments:write", async (req, { db, principal, params }) =>
  Response.json({ experiment: await updateExperiment(db, principal, String(params.key), await readJson(req)) }),
);
