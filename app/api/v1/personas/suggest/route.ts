import { z } from "zod";
import { route } from "@/lib/http/route";
import { suggestPersonasFor } from "@/lib/personalization/personas";

const body = z.object({
  userId: z.string().trim().min(1).max(200).optional(),
  text: z.string().trim().min(1, "text is required").max(10_000),
  context: z.object({ hour: z.number().int().min(0).max(23).optional() }).optional(),
});

/**
 * `{ userId?, text, context?: { hour? } }` → `{ suggestions: [{ persona, score, signals, reasons }], missing, trainedOn,
 * weights, suggestionId }`: the top 3 personas for this user and message (API key or session). Send the persona the
 * product went with to POST /api/v1/personas/suggest/feedback with the suggestionId; the weekly refit learns from it.
 */
export const POST = route({ access: { session: "personalization:read", apiKey: true }, body, maxBytes: 64_000 }, async ({ db, projectId, body }) =>
  Response.json(await suggestPersonasFor(db, projectId, { userId: body.userId, text: body.text, hour: body.context?.hour }, new Date(), { log: true })),
);
