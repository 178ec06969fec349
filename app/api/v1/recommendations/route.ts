import { route } from "@/lib/http/route";
import { recommend, recommendInputSchema } from "@/lib/personalization/recommend";

/**
 * `{ userId, limit?, exclude?, mmrLambda?, experimentKey? }` → `{ items: [{ itemId, score, reasons }], modelVersion,
 * impressionId, experiment?, variant?, ranking? }` from the promoted model, ranked with the user's variant parameters
 * when a ranking experiment runs; the list is logged as an impression (API key or session).
 */
export const POST = route({ access: { session: "personalization:read", apiKey: true }, body: recommendInputSchema, maxBytes: 64_000 }, async ({ db, projectId, body }) =>
  Response.json(await recommend(db, projectId, body)),
);
