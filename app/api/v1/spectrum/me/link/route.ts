import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { claimEndUserLink, claimLinkSchema } from "@/lib/tenancy/end-user-link";
import { env } from "@/lib/env";

// A member login claims the end user a link token names: the only way a login gets bound to an end user.
export const POST = withSession("spectrum:self", async (req, { db, principal }) => {
  const { token } = claimLinkSchema.parse(await readJson(req));
  return Response.json(await claimEndUserLink(db, principal, env().NEXTAUTH_SECRET, token));
});
