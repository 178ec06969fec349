import { route } from "@/lib/http/route";
import { retentionInputSchema } from "@/lib/user-insights/inputs";
import { retention } from "@/lib/user-insights/insights";
import { INSIGHTS_RATE_LIMIT } from "@/lib/user-insights/rate-limit";

/** `POST /api/v1/insights/retention { startEvent, returnEvent, period, periods, from, to, breakdown? }` */
export const POST = route({ access: { session: "users:read", apiKey: true }, body: retentionInputSchema, rateLimit: INSIGHTS_RATE_LIMIT, maxBytes: 20_000 }, async ({ db, projectId, body }) =>
  Response.json(await retention(db, projectId, body)),
);
