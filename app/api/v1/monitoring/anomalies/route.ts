import { route } from "@/lib/http/route";
import { anomalyListQuerySchema, listAnomalies } from "@/lib/monitoring/store/list";
import { openAnomalyCounts } from "@/lib/monitoring/store/counts";
import { metricSensitivities } from "@/lib/monitoring/store/review";
import { timeRangeOf } from "@/lib/time-range/query";

/**
 * The anomaly feed `?range=24h|7d|30d|90d | from=&to=` (default the last 7 days, as on the Anomalies page: incidents
 * overlapping the window) `&status=open|acknowledged|false_positive|confirmed|active&metric=&severity=&dimension=
 * &dimensionValue=&sort=severity|recent&muted=hide|show&cursor=&limit=`, open counts per severity in the same window,
 * and per-metric sensitivity.
 */
export const GET = route({ access: { session: "monitoring:read" }, query: anomalyListQuerySchema }, async ({ db, principal, query }) => {
  const now = new Date();
  const window = timeRangeOf(query, now);
  const [page, counts, metrics] = await Promise.all([
    listAnomalies(db, principal.projectId, query, window, now),
    openAnomalyCounts(db, principal.projectId, window, now, query.metric),
    metricSensitivities(db, principal.projectId),
  ]);
  return Response.json({ data: page.items, nextCursor: page.nextCursor, mutedHidden: page.mutedHidden, openCounts: counts, metrics });
});
