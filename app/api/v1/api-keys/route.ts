import { route } from "@/lib/http/route";
import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/tenancy/api-keys";

export const GET = route({ access: { session: "apikeys:manage" } }, async ({ db, principal }) =>
  Response.json({ apiKeys: await listApiKeys(db, principal.projectId) }),
);

/** The secret key is in this response only; Prism stores its hash. */
export const POST = route({ access: { session: "apikeys:manage" }, body: createApiKeySchema }, async ({ db, principal, body }) =>
  Response.json(await createApiKey(db, principal, body), { status: 201 }),
);
