import { route } from "@/lib/http/route";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { detectAnomalies, detectAnomaliesInputSchema } from "@/lib/monitoring";

/** The anomaly detector the monitoring job uses, for notebooks: `{ series: [{ timestamp, value }], sensitivity? }`. */
export const POST = route({ access: "apiKey", body: detectAnomaliesInputSchema, maxBytes: 5_000_000 }, async ({ apiKey, body }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  return Response.json(detectAnomalies(body));
});
