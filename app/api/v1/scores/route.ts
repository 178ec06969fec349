import { route } from "@/lib/http/route";
import { addHumanScore } from "@/lib/traces/store/human-score";
import { scoreInputSchema } from "@/lib/traces/store/scores";

/** Dashboard: an analyst scores a trace or observation (`source: "human"`). API clients use `score-create` in the batch API. */
export const POST = route({ access: { session: "scores:write" }, body: scoreInputSchema, maxBytes: 20_000 }, async ({ db, principal, body }) => {
  const row = await addHumanScore(db, principal.projectId, principal.userId, body);
  const { projectId: _projectId, ...score } = row;
  return Response.json(score, { status: 201 });
});
