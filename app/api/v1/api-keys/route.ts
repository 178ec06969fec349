import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { createApiKey, createApiKeySchema, listApiKeys } from "@/lib/tenancy/api-keys";

export const GET = withSession("apikeys:manage", async (_req, { db, principal }) =>
  Response.json({ apiKeys: await listApiKeys(db, principal.projectId) }),
);

/** The secret key is in this response only; Prism stores its hash. */
export const POST = withSession("apikeys:manage", async (req, { db, principal }) => {
  const input = createApiKeySchema.parse(await readJson(req));
  return Response.json(await createApiKey(db, principal, input), { status: 201 });
});
