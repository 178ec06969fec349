import { route } from "@/lib/http/route";
import { analyzeEmotions, analyzeEmotionsInputSchema } from "@/lib/spectrum/api/analyze-emotions";

/** `{ texts: [...] }` → one emotion vector per text (the offline lexicon analyzer), for notebooks and tests. */
export const POST = route({ access: "apiKey", body: analyzeEmotionsInputSchema, maxBytes: 1_100_000 }, async ({ body }) =>
  Response.json(await analyzeEmotions(body)),
);
