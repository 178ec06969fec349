import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { itemsAtVersion, listRuns, requireDataset } from "@/lib/evaluation/store/datasets";

const params = z.object({ name: pathKey("dataset") });
const query = z.object({ version: z.coerce.number().int().nonnegative().optional() });

/** The dataset with its items at its current version (or `?version=N`) and its runs. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params, query }, async ({ db, principal, apiKey, params, query }) => {
  const dataset = await requireDataset(db, actorOf({ principal, apiKey }).projectId, params.name);
  const version = Math.min(query.version ?? dataset.version, dataset.version);
  const [items, runs] = await Promise.all([itemsAtVersion(db, dataset.id, version), listRuns(db, dataset.id)]);
  return Response.json({ ...dataset, itemsVersion: version, items, runs });
});
