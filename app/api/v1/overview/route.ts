import { route } from "@/lib/http/route";
import { overviewReport } from "@/lib/overview/report";
import { overviewQuerySchema } from "@/lib/overview/summary";
import { timeRangeOf } from "@/lib/time-range/query";

/**
 * `GET /api/v1/overview?range=24h|7d|30d|90d | from=&to=, compare=previous, cohort=<cohort id>`: the Overview's
 * daily product activity and totals over the range (default the last 7 days); `source` says whether they come from
 * the daily rollups or, for a cohort, from the raw events; `previous` (with `compare=previous`) holds the previous
 * period's totals and its `coverage` (full, partial or none).
 */
export const GET = route({ access: { session: "dashboard:read", apiKey: true }, query: overviewQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await overviewReport(db, projectId, { cohort: query.cohort }, timeRangeOf(query))),
);
