import { route } from "@/lib/http/route";
import { ingestResponseInit } from "@/lib/ingest/response-status";
import { ingestMetricPoints, metricPointsBodySchema } from "@/lib/monitoring/store/metric-points";
import { readRollups, rollupQuerySchema } from "@/lib/monitoring/store/read-rollups";
import { requestRollups } from "@/lib/monitoring/jobs";

/** Custom metric points `{ points: [{ metric, timestamp, value, dimensions? }] }`; rolled up by the monitoring job. */
export const POST = route({ access: "apiKey", body: metricPointsBodySchema, maxBytes: 1_000_000, allowNul: true }, async ({ db, apiKey, body }) => {
  const result = await ingestMetricPoints(db, apiKey.projectId, body);
  if (result.window) await requestRollups(db, apiKey.projectId, result.window);
  return Response.json({ successes: result.successes, errors: result.errors }, ingestResponseInit(result));
});

/** Rollup series for the dashboard: `?metric=&granularity=hour|day&dimension=&dimensionValue=&from=&to=`. */
export const GET = route({ access: { session: "monitoring:read" }, query: rollupQuerySchema }, async ({ db, principal, query }) =>
  Response.json({ data: await readRollups(db, principal.projectId, query) }),
);
