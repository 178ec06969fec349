import { route } from "@/lib/http/route";
import { analyseCohorts } from "@/lib/cohorts/analysis";
import { cohortCompareInputSchema } from "@/lib/cohorts/compare";
import { INSIGHTS_RATE_LIMIT } from "@/lib/user-insights/rate-limit";

/**
 * `POST /api/v1/cohorts/compare { cohorts: [id, id, …], from, to, ratingScore? }`: per-user success rate, errors,
 * cost, latency and rating per cohort; each later cohort against the first with a 95 % CI and p-value.
 */
export const POST = route({ access: { session: "users:read", apiKey: true }, body: cohortCompareInputSchema, rateLimit: INSIGHTS_RATE_LIMIT, maxBytes: 10_000 }, async ({ db, projectId, body }) =>
  Response.json(await analyseCohorts(db, projectId, body)),
);
