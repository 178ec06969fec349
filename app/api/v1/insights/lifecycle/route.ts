import { route } from "@/lib/http/route";
import { lifecycleInputSchema } from "@/lib/user-insights/inputs";
import { lifecycle } from "@/lib/user-insights/insights";
import { INSIGHTS_RATE_LIMIT } from "@/lib/user-insights/rate-limit";

/** `POST /api/v1/insights/lifecycle { event?, from, to, period: "day"|"week", cohort? }` */
export const POST = route({ access: { session: "users:read", apiKey: true }, body: lifecycleInputSchema, rateLimit: INSIGHTS_RATE_LIMIT, maxBytes: 20_000 }, async ({ db, projectId, body }) =>
  Response.json(await lifecycle(db, projectId, body)),
);
