import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { getExperiment, latestResults, listBreaches, updateExperiment } from "@/lib/experiments/store/experiments";
import { updateExperimentSchema } from "@/lib/experiments/definition";

const params = z.object({ key: pathKey("experiment") });

export const GET = route({ access: { session: "experiments:read" }, params }, async ({ db, principal, params }) => {
  const experiment = await getExperiment(db, principal.projectId, params.key);
  const [results, breaches] = await Promise.all([
    latestResults(db, principal.projectId, experiment.id),
    listBreaches(db, principal.projectId, experiment.id),
  ]);
  return Response.json({ experiment, results: results?.snapshot ?? null, breaches });
});

export const PATCH = route({ access: { session: "experiments:write" }, params, body: updateExperimentSchema }, async ({ db, principal, params, body }) =>
  Response.json({ experiment: await updateExperiment(db, principal, params.key, body) }),
);
