import { withSession } from "@/lib/http/route";
import { anomalyListQuerySchema, listAnomalies } from "@/lib/monitoring/store/list";
import { metricSensitivities } from "@/lib/monitoring/store/review";

/** The anomaly feed `?status=open|acknowledged|false_positive|confirmed|active&metric=&severity=&limit=` and per-metric sensitivity. */
export const GET = withSession("monitoring:read", async (req, { db, principal }) => {
  const query = anomalyListQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  const [data, metrics] = await Promise.all([listAnomalies(db, principal.projectId, query), metricSensitivities(db, principal.projectId)]);
  return Response.json({ data, metrics });
});
