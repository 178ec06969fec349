import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { createRuleSchema } from "@/lib/evaluation/online/rule-input";
import { createRule, listRules, ruleView } from "@/lib/evaluation/store/evaluation-rules";

/** The project's online evaluation rules with their cursor, scored counts and today's cost. */
export const GET = route({ access: { session: "evaluation:read", apiKey: true } }, async ({ db, principal, apiKey }) => {
  return Response.json({ data: (await listRules(db, actorOf({ principal, apiKey }).projectId)).map(ruleView) });
});

/** Creates a rule; it scores traces from `startAt` (default: now) on, at the next minute's job run. */
export const POST = route({ access: { session: "evaluation:write", apiKey: true }, body: createRuleSchema, maxBytes: 50_000 }, async ({ db, principal, apiKey, body }) => {
  const now = new Date();
  return Response.json(ruleView(await createRule(db, actorOf({ principal, apiKey }), body, now)), { status: 201 });
});
