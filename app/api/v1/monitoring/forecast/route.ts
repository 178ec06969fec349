import { route } from "@/lib/http/route";
import { forecastSeries, forecastSeriesInputSchema } from "@/lib/monitoring";

/** Point forecasts with 80%/95% intervals and a backtest against seasonal-naive: `{ series, horizon, levels? }`. */
export const POST = route({ access: "apiKey", body: forecastSeriesInputSchema, maxBytes: 5_000_000 }, async ({ body }) =>
  Response.json(forecastSeries(body)),
);
