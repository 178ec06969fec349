import { route } from "@/lib/http/route";
import { trendingQuerySchema } from "@/lib/personalization/trending";
import { trendingItems } from "@/lib/personalization/trending-service";

/**
 * Items whose positive engagement in the last 24 hours exceeds what their previous 7 days predict (Poisson z-score,
 * at least 3 recent events), `?category=&limit=` (API key or session).
 */
export const GET = route({ access: { session: "personalization:read", apiKey: true }, query: trendingQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await trendingItems(db, projectId, { now: new Date(), category: query.category, limit: query.limit })),
);
