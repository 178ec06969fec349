import { route } from "@/lib/http/route";
import { OVERVIEW_DAYS } from "@/lib/overview/backfill";
import { overview, overviewQuerySchema } from "@/lib/overview/summary";

/**
 * `GET /api/v1/overview?cohort=<cohort id>&days=<1-366>`: the Overview's daily product activity and totals over the last
 * `days` (default 30) days, past hot retention from the warm tier where it holds them;
 * `source` says whether they come from the daily rollups or, for a cohort, from the raw events.
 */
export const GET = route({ access: { session: "dashboard:read", apiKey: true }, query: overviewQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await overview(db, projectId, query, query.days ?? OVERVIEW_DAYS)),
);
