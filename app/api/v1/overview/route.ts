import { route } from "@/lib/http/route";
import { OVERVIEW_DAYS } from "@/lib/overview/backfill";
import { overview, overviewQuerySchema } from "@/lib/overview/summary";

/**
 * `GET /api/v1/overview?cohort=<cohort id>`: the Overview's daily product activity and totals over the last 30 days;
 * `source` says whether they come from the daily rollups or, for a cohort, from the raw events.
 */
export const GET = route({ access: { session: "dashboard:read", apiKey: true }, query: overviewQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await overview(db, projectId, query, OVERVIEW_DAYS)),
);
