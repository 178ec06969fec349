import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathKey } from "@/lib/http/params";
import { apiKeySubject } from "@/lib/spectrum/store/user-api";
import { issueLinkToken } from "@/lib/tenancy/end-user-link";
import { env } from "@/lib/env";

const params = z.object({ userId: pathKey("end user") });

// The customer's backend, which knows its signed-in user, asks for a link token that lets that user claim their Spectrum.
export const POST = route({ access: "apiKey", params }, async ({ apiKey, params }) => {
  const subject = apiKeySubject(apiKey, params.userId);
  const { token, expiresAt } = issueLinkToken(env().NEXTAUTH_SECRET, subject.projectId, subject.userId);
  return Response.json({ token, expiresAt: expiresAt.toISOString(), claimUrl: `/me/link#token=${token}` }, { status: 201 });
});
