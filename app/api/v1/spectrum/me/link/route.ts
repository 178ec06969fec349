import { route } from "@/lib/http/route";
import { claimEndUserLink, claimLinkSchema } from "@/lib/tenancy/end-user-link";
import { env } from "@/lib/env";

// A member login claims the end user a link token names: the only way a login gets bound to an end user.
export const POST = route({ access: { session: "spectrum:self" }, body: claimLinkSchema }, async ({ db, principal, body }) =>
  Response.json(await claimEndUserLink(db, principal, env().NEXTAUTH_SECRET, body.token)),
);
