import { withSession } from "@/lib/http/route";
import { revokeApiKey } from "@/lib/tenancy/api-keys";
import { uuidParam } from "@/lib/http/params";

export const DELETE = withSession("apikeys:manage", async (_req, { db, principal, params }) => {
  await revokeApiKey(db, principal, uuidParam(params.id, "API key"));
  return Response.json({ ok: true });
});
