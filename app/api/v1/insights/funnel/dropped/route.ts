import { route } from "@/lib/http/route";
import { funnelDroppedInputSchema } from "@/lib/user-insights/inputs";
import { funnelDropped } from "@/lib/user-insights/insights";
import { INSIGHTS_RATE_LIMIT } from "@/lib/user-insights/rate-limit";

/** `POST /api/v1/insights/funnel/dropped { steps, windowSeconds, from, to, step }`: who reached step − 1 but not step. */
export const POST = route({ access: { session: "users:read", apiKey: true }, body: funnelDroppedInputSchema, rateLimit: INSIGHTS_RATE_LIMIT, maxBytes: 50_000 }, async ({ db, projectId, body }) =>
  Response.json(await funnelDropped(db, projectId, body)),
);
