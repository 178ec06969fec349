import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { AppError } from "@/lib/errors";
import { diffPromptVersions } from "@/lib/evaluation/prompt-diff";
import { getPromptVersion } from "@/lib/evaluation/store/prompts";

const params = z.object({ name: pathKey("prompt") });
const query = z.object({ from: z.coerce.number().int().positive(), to: z.coerce.number().int().positive() });

/** A line diff of the prompt text and of the config between two versions. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params, query }, async ({ db, principal, apiKey, params, query }) => {
  const [from, to] = await Promise.all([
    getPromptVersion(db, actorOf({ principal, apiKey }).projectId, params.name, { version: query.from }),
    getPromptVersion(db, actorOf({ principal, apiKey }).projectId, params.name, { version: query.to }),
  ]);
  if (!from || !to) throw new AppError("not_found", `Prompt ${params.name} has no version ${!from ? query.from : query.to}`);
  return Response.json({ name: params.name, from: query.from, to: query.to, ...diffPromptVersions(from, to) });
});
