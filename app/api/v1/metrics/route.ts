import { route } from "@/lib/http/route";
import { ingestMetricPoints, metricPointsBodySchema } from "@/lib/monitoring/store/metric-points";
import { readRollups, rollupQuerySchema } from "@/lib/monitoring/rollups/read";
import { sendEvent } from "@/inngest/runtime";
import { MONITORING_ROLLUPS_REQUESTED } from "@/inngest/functions/monitoring-rollups";

/** Custom metric points `{ points: [{ metric, timestamp, value, dimensions? }] }`; rolled up by the monitoring job. */
export const POST = route({ access: "apiKey", body: metricPointsBodySchema, maxBytes: 1_000_000 }, async ({ db, apiKey, body }) => {
  const result = await ingestMetricPoints(db, apiKey.projectId, body);
  if (result.window) {
    await sendEvent(db, {
      name: MONITORING_ROLLUPS_REQUESTED,
      data: { projectId: apiKey.projectId, ...result.window },
      id: `monitoring-rollups:${apiKey.projectId}:${result.window.from}:${result.window.to}:${Date.now()}`,
    });
  }
  return Response.json({ successes: result.successes, errors: result.errors }, { status: 207 });
});

/** Rollup series for the dashboard: `?metric=&granularity=hour|day&dimension=&dimensionValue=&from=&to=`. */
export const GET = route({ access: { session: "monitoring:read" }, query: rollupQuerySchema }, async ({ db, principal, query }) =>
  Response.json({ data: await readRollups(db, principal.projectId, query) }),
);
