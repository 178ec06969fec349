import { route } from "@/lib/http/route";
import { funnelInputSchema } from "@/lib/user-insights/inputs";
import { funnel } from "@/lib/user-insights/insights";
import { INSIGHTS_RATE_LIMIT } from "@/lib/user-insights/rate-limit";

/** `POST /api/v1/insights/funnel { steps: [{ event, properties? }], windowSeconds, from, to, breakdown? }` */
export const POST = route({ access: { session: "users:read", apiKey: true }, body: funnelInputSchema, rateLimit: INSIGHTS_RATE_LIMIT, maxBytes: 50_000 }, async ({ db, projectId, body }) =>
  Response.json(await funnel(db, projectId, body)),
);
