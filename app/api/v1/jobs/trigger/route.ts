import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { triggerJob } from "@/lib/jobs/admin";

const body = z.object({ job: z.string().min(1, "is required") });

/** Runs an on-demand job now (admins), e.g. housekeeping after lowering the retention period. */
export const POST = withSession("jobs:manage", async (req, { db, principal }) => {
  const { job } = body.parse(await readJson(req));
  return Response.json(await triggerJob(db, principal, job), { status: 202 });
});
