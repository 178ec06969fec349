import { route } from "@/lib/http/route";
import { getProject, updateProject, updateProjectSchema } from "@/lib/tenancy/projects";

export const GET = route({ access: { session: "dashboard:read" } }, async ({ db, principal }) =>
  Response.json({ project: await getProject(db, principal.projectId) }),
);

export const PATCH = route({ access: { session: "project:manage" }, body: updateProjectSchema }, async ({ db, principal, body }) =>
  Response.json({ project: await updateProject(db, principal, body) }),
);
