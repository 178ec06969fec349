import { route } from "@/lib/http/route";
import { recommend, recommendInputSchema } from "@/lib/personalization/recommend";

/** `{ userId, limit?, exclude? }` → `{ items: [{ itemId, score, reasons }], modelVersion }` from the promoted model (API key or session). */
export const POST = route({ access: { session: "personalization:read", apiKey: true }, body: recommendInputSchema, maxBytes: 64_000 }, async ({ db, projectId, body }) =>
  Response.json(await recommend(db, projectId, body)),
);
