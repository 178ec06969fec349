import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { revokeInvitation } from "@/lib/tenancy/store/invitations";

const params = z.object({ invitationId: pathId("invitationId") });

// Revokes a pending invitation: its link stops working at once.
export const DELETE = route({ access: { session: "members:manage" }, params }, async ({ db, principal, params }) => {
  await revokeInvitation(db, principal, params.invitationId);
  return Response.json({ ok: true });
});
