import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { detectAnomalies, detectAnomaliesInputSchema } from "@/lib/monitoring";

/** The anomaly detector the monitoring job uses, for notebooks: `{ series: [{ timestamp, value }], sensitivity? }`. */
export const POST = withApiKey(async (req, { apiKey }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  return Response.json(detectAnomalies(detectAnomaliesInputSchema.parse(await readJson(req, 5_000_000))));
});
