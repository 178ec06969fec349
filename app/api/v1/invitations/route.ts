import { route } from "@/lib/http/route";
import { listPendingInvitations } from "@/lib/tenancy/store/invitations";

// Pending invitations of the organization (not yet accepted, revoked or expired), for its admins.
export const GET = route({ access: { session: "members:manage" } }, async ({ db, principal }) =>
  Response.json({ invitations: await listPendingInvitations(db, principal.orgId) }),
);
