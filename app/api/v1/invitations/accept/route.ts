import { PROJECT_COOKIE, route, sessionUser } from "@/lib/http/route";
import { acceptInvitationSchema } from "@/lib/tenancy/invitation-token";
import { acceptInvitation } from "@/lib/tenancy/store/invitations";

// Public: the invitee may have no account yet. Signed in, they accept as themselves (same email only); otherwise
// they create the invited account with a name and password. The joined organization's project becomes the active one.
export const POST = route({ access: "public", body: acceptInvitationSchema }, async ({ req, db, body }) => {
  const accepted = await acceptInvitation(db, await sessionUser(req, db), body);
  const res = Response.json(accepted);
  const secure = req.nextUrl.protocol === "https:" ? "; Secure" : "";
  if (accepted.projectId) res.headers.append("Set-Cookie", `${PROJECT_COOKIE}=${accepted.projectId}; Path=/; SameSite=Lax; HttpOnly${secure}`);
  return res;
});
