import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { computeDrift, computeDriftInputSchema } from "@/lib/monitoring";

/** Drift between a reference and a current sample, per feature and for the dataset. */
export const POST = withApiKey(async (req, { apiKey }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  return Response.json(computeDrift(computeDriftInputSchema.parse(await readJson(req, 20_000_000))));
});
