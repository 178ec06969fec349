// Prism's own UI telemetry names a page by its route, never by what is in its URL: `/traces/[traceId]`, not the
// trace id. The list mirrors app/(dashboard) (tests/self-telemetry.test.ts keeps the two equal).

export const DASHBOARD_ROUTES = [
  "/costs",
  "/data-quality",
  "/datasets",
  "/datasets/[name]",
  "/datasets/[name]/calibration",
  "/datasets/[name]/compare",
  "/evaluation/rules",
  "/experiments",
  "/experiments/[key]",
  "/experiments/[key]/edit",
  "/experiments/new",
  "/insights",
  "/insights/personas",
  "/insights/topics",
  "/jobs",
  "/judgments",
  "/monitoring",
  "/monitoring/anomalies",
  "/monitoring/anomalies/[id]",
  "/monitoring/drift",
  "/monitoring/forecasts",
  "/overview",
  "/personalization",
  "/prompts",
  "/prompts/[name]",
  "/review",
  "/review/[queueId]",
  "/sessions",
  "/sessions/[sessionId]",
  "/settings",
  "/spectrum",
  "/traces",
  "/traces/[traceId]",
  "/users",
  "/users/[userId]",
  "/users/churn",
  "/users/cohorts",
  "/users/cohorts/[id]",
  "/users/funnel",
  "/users/lifecycle",
  "/users/retention",
  "/users/sentiment",
] as const;

export const UNKNOWN_ROUTE = "(other)";

const isParam = (segment: string) => segment.startsWith("[") && segment.endsWith("]");

/**
 * The route a pathname is a page of, as Next.js would pick it (a static segment beats a parameter), or "(other)".
 * Query strings and the values in dynamic segments are dropped, so nothing a user typed or opened leaves.
 */
export function routeOf(pathname: string): string {
  const parts = pathname.split("?")[0].split("/").filter(Boolean);
  let best: { route: string; statics: number } | null = null;
  for (const route of DASHBOARD_ROUTES) {
    const segments = route.split("/").filter(Boolean);
    if (segments.length !== parts.length) continue;
    let statics = 0;
    let matches = true;
    for (const [i, segment] of segments.entries()) {
      if (isParam(segment)) continue;
      if (segment !== parts[i]) {
        matches = false;
        break;
      }
      statics += 1;
    }
    if (matches && (!best || statics > best.statics)) best = { route, statics };
  }
  return best?.route ?? UNKNOWN_ROUTE;
}
