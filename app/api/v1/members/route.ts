import { route } from "@/lib/http/route";
import { addMember, addMemberSchema, listMembers } from "@/lib/tenancy/members";

export const GET = route({ access: { session: "members:read" } }, async ({ db, principal }) =>
  Response.json({ members: await listMembers(db, principal.orgId) }),
);

export const POST = route({ access: { session: "members:manage" }, body: addMemberSchema }, async ({ db, principal, body }) =>
  Response.json(await addMember(db, principal, body), { status: 201 }),
);
