import { route } from "@/lib/http/route";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { computeDrift, computeDriftInputSchema } from "@/lib/monitoring";

/** Drift between a reference and a current sample, per feature and for the dataset. */
export const POST = route({ access: "apiKey", body: computeDriftInputSchema, maxBytes: 20_000_000 }, async ({ apiKey, body }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  return Response.json(computeDrift(body));
});
