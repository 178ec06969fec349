import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { addDatasetItems } from "@/lib/evaluation/store/datasets";
import { matchingTraceIds, traceListQuerySchema } from "@/lib/traces/store/list-traces";

/** Most traces one bulk add takes (from ids or from filters). */
const FROM_TRACES_MAX = 1000;

const params = z.object({ name: pathKey("dataset") });
const body = z
  .object({
    traceIds: z
      .array(z.string().min(1).max(512))
      .min(1, "give at least one trace id")
      .max(FROM_TRACES_MAX)
      .refine((ids) => new Set(ids).size === ids.length, "must not repeat a trace")
      .optional(),
    /** The trace list's filters (GET /api/v1/traces query fields, sort and order included): its first `limit` traces. */
    filters: traceListQuerySchema.omit({ cursor: true, limit: true }).strict().optional(),
    limit: z.number().int().min(1).max(FROM_TRACES_MAX).default(500),
  })
  .refine((b) => (b.traceIds === undefined) !== (b.filters === undefined), { error: "give either traceIds or filters", path: ["traceIds"] });

/**
 * Bulk "add to dataset": each trace's first recorded input becomes an item, all in one dataset version. Idempotent
 * per trace: a trace already in the dataset is skipped. From filters, traces without a recorded input are skipped
 * too (from explicit ids they are an error); `capped` says the filters matched more than `limit`.
 */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, params, body, maxBytes: 200_000 }, async ({ db, principal, apiKey, projectId, params, body }) => {
  const fromFilters = body.filters !== undefined;
  const matched = fromFilters ? await matchingTraceIds(db, projectId, body.filters!, body.limit + 1) : body.traceIds!;
  const capped = fromFilters && matched.length > body.limit;
  const traceIds = capped ? matched.slice(0, body.limit) : matched;
  const added = await addDatasetItems(
    db,
    actorOf({ principal, apiKey }),
    params.name,
    traceIds.map((sourceTraceId) => ({ sourceTraceId })),
    { skipExistingTraces: true, missingInput: fromFilters ? "skip" : "error" },
  );
  return Response.json(
    {
      added: added.items.length,
      datasetVersion: added.datasetVersion,
      matched: traceIds.length,
      capped,
      skippedExisting: added.skippedExisting,
      skippedWithoutInput: added.skippedWithoutInput,
    },
    { status: 201 },
  );
});
