import { route } from "@/lib/http/route";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { analyzeEmotions, analyzeEmotionsInputSchema } from "@/lib/spectrum/api/analyze-emotions";

/** `{ texts: [...] }` → one emotion vector per text (the offline lexicon analyzer), for notebooks and tests. */
export const POST = route({ access: "apiKey", body: analyzeEmotionsInputSchema, maxBytes: 1_100_000 }, async ({ apiKey, body }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  return Response.json(await analyzeEmotions(body));
});
