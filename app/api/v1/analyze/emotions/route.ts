import { withApiKey } from "@/lib/http/route";
import { enforceComputeRateLimit } from "@/lib/compute/rate-limit";
import { readJson } from "@/lib/http/errors";
import { analyzeEmotions, analyzeEmotionsInputSchema } from "@/lib/spectrum/api/analyze-emotions";

/** `{ texts: [...] }` → one emotion vector per text (the offline lexicon analyzer), for notebooks and tests. */
export const POST = withApiKey(async (req, { apiKey }) => {
  await enforceComputeRateLimit(apiKey.apiKeyId);
  const input = analyzeEmotionsInputSchema.parse(await readJson(req, 1_100_000));
  return Response.json(await analyzeEmotions(input));
});
