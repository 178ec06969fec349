import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { createQueueSchema } from "@/lib/evaluation/review/queue-input";
import { createQueue, listQueues } from "@/lib/evaluation/store/annotation-queues";

/** The project's annotation queues with their progress. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true } }, async ({ db, principal, apiKey }) =>
  Response.json({ data: await listQueues(db, actorOf({ principal, apiKey }).projectId) }),
);

/** Creates a queue with its score configs (numeric range, categories, boolean); `blinded` hides model names. */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, body: createQueueSchema, maxBytes: 20_000 }, async ({ db, principal, apiKey, body }) => {
  const q = await createQueue(db, actorOf({ principal, apiKey }), body);
  return Response.json({ id: q.id, name: q.name, description: q.description, blinded: q.blinded, scoreConfigs: q.scoreConfigs, createdAt: q.createdAt.toISOString() }, { status: 201 });
});
