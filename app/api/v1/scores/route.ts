import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { addHumanScore } from "@/lib/traces/store/human-score";
import { scoreInputSchema } from "@/lib/traces/store/scores";

/** Dashboard: an analyst scores a trace or observation (`source: "human"`). API clients use `score-create` in the batch API. */
export const POST = withSession("scores:write", async (req, { db, principal }) => {
  const input = scoreInputSchema.parse(await readJson(req, 20_000));
  const row = await addHumanScore(db, principal.projectId, principal.userId, input);
  const { projectId: _projectId, ...score } = row;
  return Response.json(score, { status: 201 });
});
