import { route } from "@/lib/http/route";
import { COMPUTE_ROUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import { rootCauseBodySchema } from "@/lib/insights/root-cause/request";

/** `POST /api/v1/insights/root-cause { metric, current: { from, to }, baseline: { from, to }, dimensions? }`: what explains the change. */
export const POST = route(
  { access: { session: "insights:read", apiKey: true }, body: rootCauseBodySchema, rateLimit: COMPUTE_ROUTE_RATE_LIMIT, maxBytes: 20_000 },
  async ({ db, projectId, body }) => Response.json(await analyzeRootCause(db, { projectId, ...body })),
);
