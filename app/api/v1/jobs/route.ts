import { z } from "zod";
import { route } from "@/lib/http/route";
import { jobStatuses } from "@/db/schema";
import { listRuns } from "@/lib/jobs/ledger";
import { jobStats, listDeadLetters } from "@/lib/jobs/stats";
import { jobMode } from "@/lib/jobs/dispatch";
import { ingestPipelineStatus } from "@/lib/traces/ingest/pipeline";

const query = z.object({ status: z.enum(jobStatuses).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });

export const GET = route({ access: { session: "jobs:read" }, query }, async ({ db, principal, query }) => {
  const [stats, runs, deadLetters, ingest] = await Promise.all([
    jobStats(db, principal.projectId),
    listRuns(db, principal.projectId, query),
    listDeadLetters(db, principal.projectId),
    ingestPipelineStatus(db, principal.projectId),
  ]);
  return Response.json({ mode: jobMode(), ...stats, runs, deadLetters, ingest });
});
