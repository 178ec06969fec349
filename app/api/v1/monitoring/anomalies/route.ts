import { route } from "@/lib/http/route";
import { anomalyListQuerySchema, listAnomalies } from "@/lib/monitoring/store/list";
import { openAnomalyCounts } from "@/lib/monitoring/store/counts";
import { metricSensitivities } from "@/lib/monitoring/store/review";

/**
 * The anomaly feed `?status=open|acknowledged|false_positive|confirmed|active&metric=&severity=&dimension=&dimensionValue=
 * &sort=severity|recent&muted=hide|show&cursor=&limit=`, open counts per severity, and per-metric sensitivity.
 */
export const GET = route({ access: { session: "monitoring:read" }, query: anomalyListQuerySchema }, async ({ db, principal, query }) => {
  const now = new Date();
  const [page, counts, metrics] = await Promise.all([
    listAnomalies(db, principal.projectId, query, now),
    openAnomalyCounts(db, principal.projectId, now, query.metric),
    metricSensitivities(db, principal.projectId),
  ]);
  return Response.json({ data: page.items, nextCursor: page.nextCursor, mutedHidden: page.mutedHidden, openCounts: counts, metrics });
});
