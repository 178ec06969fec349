import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathId } from "@/lib/http/params";
import { removeDatasetItem } from "@/lib/evaluation/store/datasets";

const params = z.object({ id: pathId("dataset item") });

/** Removes the item from the dataset's next version on; runs of earlier versions keep it. */
export const DELETE = route({ access: { session: "evaluation:write", apiKey: true }, params }, async ({ db, principal, apiKey, params }) =>
  Response.json(await removeDatasetItem(db, actorOf({ principal, apiKey }), params.id)),
);
