import { route } from "@/lib/http/route";
import { stickinessInputSchema } from "@/lib/user-insights/inputs";
import { stickiness } from "@/lib/user-insights/insights";
import { INSIGHTS_RATE_LIMIT } from "@/lib/user-insights/rate-limit";

/** `POST /api/v1/insights/stickiness { event?, from, to, period: "week"|"month", cohort? }` */
export const POST = route({ access: { session: "users:read", apiKey: true }, body: stickinessInputSchema, rateLimit: INSIGHTS_RATE_LIMIT, maxBytes: 20_000 }, async ({ db, projectId, body }) =>
  Response.json(await stickiness(db, projectId, body)),
);
