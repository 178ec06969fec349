import { route } from "@/lib/http/route";
import { listTraces, traceApiQuerySchema } from "@/lib/traces/store/list-traces";
import { timeRangeOf } from "@/lib/time-range/query";

/**
 * `GET /api/v1/traces?range=24h|7d|30d|90d | from=&to=` (default the last 7 days, as on the Traces page)
 * `&name&userId&sessionId&model&environment&level&tag&minLatencyMs&minCost&sentiment&cohort&sort&order&cursor&limit`
 */
export const GET = route({ access: "apiKey", query: traceApiQuerySchema }, async ({ db, apiKey, query }) => {
  const { from, to } = timeRangeOf(query);
  const page = await listTraces(db, apiKey.projectId, { ...query, from, to });
  return Response.json({ data: page.items, nextCursor: page.nextCursor });
});
