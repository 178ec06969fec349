import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { moveLabelsSchema } from "@/lib/evaluation/prompt-input";
import { movePromptLabels } from "@/lib/evaluation/store/prompt-labels";
import { getPromptVersion } from "@/lib/evaluation/store/prompts";

const params = z.object({ name: pathKey("prompt"), version: z.coerce.number().int().positive("version") });

/** Langfuse-compatible label move: `{ newLabels }` point at this version (off any other), `removeLabels` come off it. */
export const PATCH = route({ access: { session: "evaluation:write", apiKey: true }, params, body: moveLabelsSchema, maxBytes: 10_000 }, async ({ db, principal, apiKey, params, body }) => {
  await movePromptLabels(db, actorOf({ principal, apiKey }), params.name, params.version, body);
  return Response.json(await getPromptVersion(db, actorOf({ principal, apiKey }).projectId, params.name, { version: params.version }));
});
