import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { getProject, updateProject, updateProjectSchema } from "@/lib/tenancy/projects";

export const GET = withSession("dashboard:read", async (_req, { db, principal }) =>
  Response.json({ project: await getProject(db, principal.projectId) }),
);

export const PATCH = withSession("project:manage", async (req, { db, principal }) => {
  const input = updateProjectSchema.parse(await readJson(req));
  return Response.json({ project: await updateProject(db, principal, input) });
});
