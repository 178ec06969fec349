import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathId } from "@/lib/http/params";
import { nextItem } from "@/lib/evaluation/store/annotation-review";

const params = z.object({ id: pathId("annotation queue") });
const query = z.object({
  /** Item ids the reviewer skipped in this sitting (comma-separated). */
  skip: z
    .string()
    .max(4000)
    .optional()
    .transform((s) => (s ? s.split(",").filter(Boolean) : [])),
});

/** The caller's next unreviewed item; blinded queues hide trace, model, version and prompt names. */
export const GET = route({ access: { session: "evaluation:write", apiKey: true }, params, query }, async ({ db, principal, apiKey, params, query }) => {
  const actor = actorOf({ principal, apiKey });
  const reviewer = { key: actor.userId ?? `key:${actor.apiKeyId}`, userId: actor.userId };
  return Response.json(await nextItem(db, actor.projectId, params.id, reviewer, query.skip));
});
