import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { addMember, addMemberSchema, listMembers } from "@/lib/tenancy/members";

export const GET = withSession("members:read", async (_req, { db, principal }) =>
  Response.json({ members: await listMembers(db, principal.orgId) }),
);

export const POST = withSession("members:manage", async (req, { db, principal }) => {
  const input = addMemberSchema.parse(await readJson(req));
  return Response.json(await addMember(db, principal, input), { status: 201 });
});
