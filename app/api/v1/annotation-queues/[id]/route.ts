import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathId } from "@/lib/http/params";
import { queueSummary } from "@/lib/evaluation/store/annotation-queues";

const params = z.object({ id: pathId("annotation queue") });

/** A queue's score configs, progress (done/total) and override ratio against judge scores of the same names. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params }, async ({ db, principal, apiKey, params }) =>
  Response.json(await queueSummary(db, actorOf({ principal, apiKey }).projectId, params.id)),
);
