import { route } from "@/lib/http/route";
import { churnListQuerySchema, churnOverview } from "@/lib/insights/churn/training";

/** `GET /api/v1/insights/churn?limit=`: the latest churn model (AUC vs the recency baseline, calibration) and the most at-risk users with reasons; 404 before the first training. */
export const GET = route({ access: { session: "insights:read", apiKey: true }, query: churnListQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await churnOverview(db, projectId, query.limit)),
);
