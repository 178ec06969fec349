import { route } from "@/lib/http/route";
import { listMembers } from "@/lib/tenancy/members";
import { inviteMember } from "@/lib/tenancy/invite-member";
import { inviteMemberSchema } from "@/lib/tenancy/invitation-token";
import { smtpMailer } from "@/lib/monitoring/alerts/email";
import { env } from "@/lib/env";

export const GET = route({ access: { session: "members:read" } }, async ({ db, principal }) =>
  Response.json({ members: await listMembers(db, principal.orgId) }),
);

// Adding a member is an invitation the invitee accepts: 202 with the same reply whether or not the email has an account.
export const POST = route({ access: { session: "members:manage" }, body: inviteMemberSchema }, async ({ req, db, principal, body }) =>
  Response.json(await inviteMember(db, principal, body, { baseUrl: env().NEXTAUTH_URL ?? req.nextUrl.origin, mailer: smtpMailer() }), { status: 202 }),
);
