import { route } from "@/lib/http/route";
import { invitationTokenSchema } from "@/lib/tenancy/invitation-token";
import { lookupInvitation } from "@/lib/tenancy/store/invitations";

// Public: the holder of an invitation token sees what they are asked to join before accepting (POST keeps the token out of URLs).
export const POST = route({ access: "public", body: invitationTokenSchema }, async ({ db, body }) =>
  Response.json({ invitation: await lookupInvitation(db, body.token) }),
);
