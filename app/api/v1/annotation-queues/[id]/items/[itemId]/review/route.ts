import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathId } from "@/lib/http/params";
import { reviewSchema } from "@/lib/evaluation/review/queue-input";
import { reviewItem } from "@/lib/evaluation/store/annotation-review";

const params = z.object({ id: pathId("annotation queue"), itemId: pathId("queue item") });

/** Stores a review `{ scores: { [name]: value }, comment? }` as scores with source "annotation". */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, params, body: reviewSchema, maxBytes: 20_000 }, async ({ db, principal, apiKey, params, body }) =>
  Response.json(await reviewItem(db, actorOf({ principal, apiKey }), params.id, params.itemId, body, new Date()), { status: 201 }),
);
