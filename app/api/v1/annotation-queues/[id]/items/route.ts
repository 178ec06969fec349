import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathId } from "@/lib/http/params";
import { addItemsSchema } from "@/lib/evaluation/review/queue-input";
import { addQueueItems } from "@/lib/evaluation/store/annotation-queues";

const params = z.object({ id: pathId("annotation queue") });

/**
 * Adds traces, dataset items or Spectrum insights (`{ traceIds?, datasetItemIds?, insightIds?, insightSample?: { size,
 * kind? }, assigneeId? }`); an unknown id adds nothing (404), a queued one is skipped.
 */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, params, body: addItemsSchema, maxBytes: 300_000 }, async ({ db, principal, apiKey, params, body }) =>
  Response.json(await addQueueItems(db, actorOf({ principal, apiKey }), params.id, body), { status: 201 }),
);
