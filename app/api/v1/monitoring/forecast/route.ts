import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { forecastSeries, forecastSeriesInputSchema } from "@/lib/monitoring";

/** Point forecasts with 80%/95% intervals and a backtest against seasonal-naive: `{ series, horizon, levels? }`. */
export const POST = withApiKey(async (req, { apiKey }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  return Response.json(forecastSeries(forecastSeriesInputSchema.parse(await readJson(req, 5_000_000))));
});
