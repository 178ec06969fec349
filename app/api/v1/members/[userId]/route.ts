import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { changeMemberRole, changeRoleSchema, removeMember } from "@/lib/tenancy/members";
import { uuidParam } from "@/lib/http/params";

export const PATCH = withSession("members:manage", async (req, { db, principal, params }) => {
  const { role } = changeRoleSchema.parse(await readJson(req));
  await changeMemberRole(db, principal, uuidParam(params.userId, "userId"), role);
  return Response.json({ ok: true });
});

export const DELETE = withSession("members:manage", async (_req, { db, principal, params }) => {
  await removeMember(db, principal, uuidParam(params.userId, "userId"));
  return Response.json({ ok: true });
});
