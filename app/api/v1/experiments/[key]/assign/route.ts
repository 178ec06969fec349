import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { ASSIGN_RATE_LIMIT, assignAndExpose } from "@/lib/experiments/expose";
import { getCacheStore } from "@/lib/cache/store";
import { enforceRateLimit } from "@/lib/cache/rate-limit";

/** `{ userId, attributes? }` → the user's variant and its parameters; logs the first exposure (running experiments only). */
export const POST = withApiKey(async (req, { db, apiKey, params }) => {
  await enforceRateLimit(await getCacheStore(), `assign:${apiKey.apiKeyId}`, ASSIGN_RATE_LIMIT, "Assignment rate limit exceeded.");
  const body = await readJson(req, 64_000);
  return Response.json(await assignAndExpose(db, apiKey.projectId, String(params.key), body));
});
