import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { assignAndExpose } from "@/lib/experiments/expose";

/** `{ userId, attributes? }` → the user's variant and its parameters; logs the first exposure (running experiments only). */
export const POST = withApiKey(async (req, { db, apiKey, params }) => {
  const body = await readJson(req, 64_000);
  return Response.json(await assignAndExpose(db, apiKey.projectId, String(params.key), body));
});
