import { route } from "@/lib/http/route";
import { COMPUTE_ROUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import { runCompute } from "@/lib/compute/compute-pool";
import { forecastSeriesInputSchema } from "@/lib/monitoring";

/** Point forecasts with 80%/95% intervals and a backtest against seasonal-naive: `{ series, horizon, levels? }`. */
export const POST = route({ access: { session: "dashboard:read", apiKey: true }, rateLimit: COMPUTE_ROUTE_RATE_LIMIT, body: forecastSeriesInputSchema, maxBytes: 5_000_000 }, async ({ body }) =>
  Response.json(await runCompute("forecastSeries", body)),
);
