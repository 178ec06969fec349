import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { changeMemberRole, changeRoleSchema, removeMember } from "@/lib/tenancy/members";

const params = z.object({ userId: pathId("userId") });

export const PATCH = route({ access: { session: "members:manage" }, params, body: changeRoleSchema }, async ({ db, principal, params, body }) => {
  await changeMemberRole(db, principal, params.userId, body.role);
  return Response.json({ ok: true });
});

export const DELETE = route({ access: { session: "members:manage" }, params }, async ({ db, principal, params }) => {
  await removeMember(db, principal, params.userId);
  return Response.json({ ok: true });
});
