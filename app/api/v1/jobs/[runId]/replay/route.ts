import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { replayDeadRun } from "@/lib/jobs/admin";

const params = z.object({ runId: pathId("job run") });

export const POST = route({ access: { session: "jobs:manage" }, params }, async ({ db, principal, params }) =>
  Response.json(await replayDeadRun(db, principal, params.runId), { status: 202 }),
);
