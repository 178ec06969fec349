import { z } from "zod";
import { route } from "@/lib/http/route";
import { triggerJob } from "@/lib/jobs/admin";

const body = z.object({ job: z.string().min(1, "is required") });

/** Runs an on-demand job now (admins), e.g. housekeeping after lowering the retention period. */
export const POST = route({ access: { session: "jobs:manage" }, body }, async ({ db, principal, body }) =>
  Response.json(await triggerJob(db, principal, body.job), { status: 202 }),
);
