import { route } from "@/lib/http/route";
import { anomalyListQuerySchema, listAnomalies } from "@/lib/monitoring/store/list";
import { metricSensitivities } from "@/lib/monitoring/store/review";

/** The anomaly feed `?status=open|acknowledged|false_positive|confirmed|active&metric=&severity=&limit=` and per-metric sensitivity. */
export const GET = route({ access: { session: "monitoring:read" }, query: anomalyListQuerySchema }, async ({ db, principal, query }) => {
  const [data, metrics] = await Promise.all([listAnomalies(db, principal.projectId, query), metricSensitivities(db, principal.projectId)]);
  return Response.json({ data, metrics });
});
