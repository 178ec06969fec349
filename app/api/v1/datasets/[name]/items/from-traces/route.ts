import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { addDatasetItems } from "@/lib/evaluation/store/datasets";

const params = z.object({ name: pathKey("dataset") });
const body = z.object({
  traceIds: z
    .array(z.string().min(1).max(512))
    .min(1, "give at least one trace id")
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, "must not repeat a trace"),
});

/** Bulk "add to dataset": each trace's first recorded input becomes an item, all in one dataset version. */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, params, body, maxBytes: 200_000 }, async ({ db, principal, apiKey, params, body }) => {
  const added = await addDatasetItems(db, actorOf({ principal, apiKey }), params.name, body.traceIds.map((sourceTraceId) => ({ sourceTraceId })));
  return Response.json({ added: added.items.length, datasetVersion: added.datasetVersion }, { status: 201 });
});
