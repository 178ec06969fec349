import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathId, pathKey } from "@/lib/http/params";
import { requireDataset } from "@/lib/evaluation/store/datasets";
import { getRunView } from "@/lib/evaluation/store/runs";

const params = z.object({ name: pathKey("dataset"), id: pathId("run") });

/** A run with its status, progress, items (output and scores) and aggregates; poll it while a prompt run executes. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params }, async ({ db, principal, apiKey, params }) => {
  const dataset = await requireDataset(db, actorOf({ principal, apiKey }).projectId, params.name);
  return Response.json(await getRunView(db, actorOf({ principal, apiKey }).projectId, params.id, { datasetId: dataset.id }));
});
