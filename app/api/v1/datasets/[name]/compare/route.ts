import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { requireDataset } from "@/lib/evaluation/store/datasets";
import { compareRuns } from "@/lib/evaluation/store/compare-runs";

const params = z.object({ name: pathKey("dataset") });
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const query = z.object({
  runs: z
    .string()
    .transform((s) => [...new Set(s.split(",").map((x) => x.trim()).filter(Boolean))])
    .refine((ids) => ids.length >= 2 && ids.length <= 10, "give 2 to 10 run ids, comma-separated")
    .refine((ids) => ids.every((id) => uuid.test(id)), "must be run ids"),
});

/** Runs side by side (the first is the baseline): per item, in aggregate, and paired tests against the baseline. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params, query }, async ({ db, principal, apiKey, params, query }) => {
  const dataset = await requireDataset(db, actorOf({ principal, apiKey }).projectId, params.name);
  return Response.json(await compareRuns(db, actorOf({ principal, apiKey }).projectId, dataset.id, query.runs));
});
