import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { createExperiment, listExperiments } from "@/lib/experiments/store/experiments";

export const GET = withSession("experiments:read", async (_req, { db, principal }) =>
  Response.json({ experiments: await listExperiments(db, principal.projectId) }),
);

export const POST = withSession("experiments:write", async (req, { db, principal }) => {
  const experiment = await createExperiment(db, principal, await readJson(req));
  return Response.json({ experiment }, { status: 201 });
});
