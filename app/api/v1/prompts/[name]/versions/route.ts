import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathKey } from "@/lib/http/params";
import { listPromptVersions } from "@/lib/evaluation/store/prompts";
import { requirePrompt } from "@/lib/evaluation/store/prompt-lookup";
import { promptVersionMetrics } from "@/lib/evaluation/store/prompt-metrics";
import { promptHistory } from "@/lib/evaluation/store/prompt-history";

const params = z.object({ name: pathKey("prompt") });

/** Every version (newest first) with its labels, its production figures and the prompt's change history. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true }, params }, async ({ db, principal, apiKey, params }) => {
  const prompt = await requirePrompt(db, actorOf({ principal, apiKey }).projectId, params.name);
  const [versions, metrics, history] = await Promise.all([
    listPromptVersions(db, actorOf({ principal, apiKey }).projectId, params.name),
    promptVersionMetrics(db, actorOf({ principal, apiKey }).projectId, params.name, new Date()),
    promptHistory(db, actorOf({ principal, apiKey }).projectId, prompt.id),
  ]);
  return Response.json({ name: params.name, versions, metrics, history });
});
