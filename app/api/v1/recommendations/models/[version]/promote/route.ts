import { z } from "zod";
import { route } from "@/lib/http/route";
import { actorOf } from "@/lib/auth/actor";
import { promoteModelVersion } from "@/lib/personalization/training";

const params = z.object({ version: z.string().regex(/^[1-9][0-9]{0,8}$/, "model version").transform(Number) });

/** Serves this stored version from now on (a rollback, or a kept version); audited. API key or an admin's session. */
export const POST = route({ access: { session: "personalization:train", apiKey: true }, params }, async ({ db, principal, apiKey, params }) =>
  Response.json(await promoteModelVersion(db, actorOf({ principal, apiKey }), params.version)),
);
