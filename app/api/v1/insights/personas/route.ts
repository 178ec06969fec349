import { route } from "@/lib/http/route";
import { personasReport } from "@/lib/insights/personas/personas";
import { insightRangeQuerySchema, resolveRange } from "@/lib/insights/personas/range";

/** `GET /api/v1/insights/personas?from&to` (default the last 28 days): usage by hour, satisfaction, sentiment change, retention, cost, flags. */
export const GET = route({ access: { session: "insights:read", apiKey: true }, query: insightRangeQuerySchema }, async ({ db, projectId, query }) =>
  Response.json(await personasReport(db, projectId, resolveRange(query, new Date()))),
);
