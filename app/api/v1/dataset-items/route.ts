import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { createDatasetItemSchema } from "@/lib/evaluation/dataset-input";
import { addDatasetItems } from "@/lib/evaluation/store/datasets";

/** Langfuse-compatible: `{ datasetName, input, expectedOutput?, metadata?, sourceTraceId? }`; from a trace, input defaults to its first recorded input. */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, body: createDatasetItemSchema, maxBytes: 1_000_000 }, async ({ db, principal, apiKey, body }) => {
  const { datasetName, ...item } = body;
  const added = await addDatasetItems(db, actorOf({ principal, apiKey }), datasetName, [item]);
  return Response.json({ ...added.items[0], datasetVersion: added.datasetVersion }, { status: 201 });
});
