import { route } from "@/lib/http/route";
import { recordSuggestionFeedback, suggestionFeedbackSchema } from "@/lib/personalization/personas/feedback";

/**
 * `{ suggestionId, persona, rating? }` → `{ suggestionId, persona, rating }`: which of a suggestion's personas the product
 * used, and the user's 1..5 rating of its answer (API key or session). A later call replaces the earlier answer.
 */
export const POST = route({ access: { session: "personalization:train", apiKey: true }, body: suggestionFeedbackSchema, maxBytes: 4_000 }, async ({ db, projectId, body }) =>
  Response.json(await recordSuggestionFeedback(db, projectId, body)),
);
