import { withApiKey, withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { ingestResponseInit } from "@/lib/ingest/response-status";
import { ingestMetricPoints } from "@/lib/monitoring/store/metric-points";
import { readRollups, rollupQuerySchema } from "@/lib/monitoring/store/read-rollups";
import { requestRollups } from "@/lib/monitoring/jobs";

/** Custom metric points `{ points: [{ metric, timestamp, value, dimensions? }] }`; rolled up by the monitoring job. */
export const POST = withApiKey(async (req, { db, apiKey }) => {
  const result = await ingestMetricPoints(db, apiKey.projectId, await readJson(req, 1_000_000));
  if (result.window) await requestRollups(db, apiKey.projectId, result.window);
  return Response.json({ successes: result.successes, errors: result.errors }, ingestResponseInit(result));
});

/** Rollup series for the dashboard: `?metric=&granularity=hour|day&dimension=&dimensionValue=&from=&to=`. */
export const GET = withSession("monitoring:read", async (req, { db, principal }) => {
  const query = rollupQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return Response.json({ data: await readRollups(db, principal.projectId, query) });
});

