import { route } from "@/lib/http/route";
import { COMPUTE_ROUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import { backtestBodySchema, backtestChurn } from "@/lib/insights/churn/training";

/** `POST /api/v1/insights/churn/backtest { asOf, churnDays? }`: train as of asOf − churnDays, score at asOf against what followed; stores nothing. */
export const POST = route(
  { access: { session: "insights:write", apiKey: true }, body: backtestBodySchema, rateLimit: COMPUTE_ROUTE_RATE_LIMIT, maxBytes: 2_000 },
  async ({ db, projectId, body }) => Response.json(await backtestChurn(db, projectId, body.asOf, body.churnDays, new Date())),
);
