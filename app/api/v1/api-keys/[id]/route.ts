import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { revokeApiKey } from "@/lib/tenancy/api-keys";

export const DELETE = route({ access: { session: "apikeys:manage" }, params: z.object({ id: pathId("API key") }) }, async ({ db, principal, params }) => {
  await revokeApiKey(db, principal, params.id);
  return Response.json({ ok: true });
});
