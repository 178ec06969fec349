import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { pathId } from "@/lib/http/params";
import { patchRuleSchema } from "@/lib/evaluation/online/rule-input";
import { deleteRule, ruleView, updateRule } from "@/lib/evaluation/store/evaluation-rules";

const params = z.object({ id: pathId("evaluation rule") });

/** Changes a rule (enable/disable, sample rate, caps, filter, evaluator); its cursor stays where it is. */
export const PATCH = route({ access: { session: "evaluation:write", apiKey: true }, params, body: patchRuleSchema, maxBytes: 50_000 }, async ({ db, principal, apiKey, params, body }) => {
  const now = new Date();
  return Response.json(ruleView(await updateRule(db, actorOf({ principal, apiKey }), params.id, body, now)));
});

/** Deletes a rule; the scores it wrote stay. */
export const DELETE = route({ access: { session: "evaluation:write", apiKey: true }, params }, async ({ db, principal, apiKey, params }) => {
  await deleteRule(db, actorOf({ principal, apiKey }), params.id);
  return new Response(null, { status: 204 });
});
