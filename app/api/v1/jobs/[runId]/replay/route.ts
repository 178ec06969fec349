import { withSession } from "@/lib/http/route";
import { uuidParam } from "@/lib/http/params";
import { replayDeadRun } from "@/lib/jobs/admin";

export const POST = withSession("jobs:manage", async (_req, { db, principal, params }) => {
  const result = await replayDeadRun(db, principal, uuidParam(params.runId, "job run"));
  return Response.json(result, { status: 202 });
});
