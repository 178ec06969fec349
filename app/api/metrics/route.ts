import { route } from "@/lib/http/route";
import { env } from "@/lib/env";
import { assertMetricsAccess, scrapeMetrics } from "@/lib/metrics/scrape";

export const dynamic = "force-dynamic";

/** Prism's own metrics in Prometheus text format, for a scraper holding PRISM_METRICS_TOKEN (off without it). */
export const GET = route({ access: "public" }, async ({ req, db }) => {
  assertMetricsAccess(env().PRISM_METRICS_TOKEN, req.headers.get("authorization"));
  const { body, contentType } = await scrapeMetrics(db);
  return new Response(body, { headers: { "Content-Type": contentType } });
});
