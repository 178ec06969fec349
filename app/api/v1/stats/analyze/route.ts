import { route } from "@/lib/http/route";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { analyze, analyzeInputSchema } from "@/lib/experiments/stats";

/** Stateless statistics: per-variant summary statistics in, lift / intervals / p-values / SRM out. */
export const POST = route({ access: "apiKey", body: analyzeInputSchema }, async ({ apiKey, body }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  return Response.json(analyze(body));
});
