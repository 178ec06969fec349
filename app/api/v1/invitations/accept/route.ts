import { route, sessionUser } from "@/lib/http/route";
import { acceptInvitationSchema } from "@/lib/tenancy/invitation-token";
import { acceptInvitation } from "@/lib/tenancy/store/invitations";

// Public: the invitee may have no account yet. Signed in, they accept as themselves (same email only); otherwise
// they create the invited account with a name and password.
export const POST = route({ access: "public", body: acceptInvitationSchema }, async ({ req, db, body }) =>
  Response.json(await acceptInvitation(db, await sessionUser(req, db), body)),
);
