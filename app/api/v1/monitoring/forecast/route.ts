import { route } from "@/lib/http/route";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { forecastSeries, forecastSeriesInputSchema } from "@/lib/monitoring";

/** Point forecasts with 80%/95% intervals and a backtest against seasonal-naive: `{ series, horizon, levels? }`. */
export const POST = route({ access: "apiKey", body: forecastSeriesInputSchema, maxBytes: 5_000_000 }, async ({ apiKey, body }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  return Response.json(forecastSeries(body));
});
