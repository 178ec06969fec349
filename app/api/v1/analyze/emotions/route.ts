import { route } from "@/lib/http/route";
import { COMPUTE_ROUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import { runCompute } from "@/lib/compute/compute-pool";
import { analyzeEmotionsInputSchema } from "@/lib/spectrum/api/analyze-emotions";

/** `{ texts: [...] }` → one emotion vector per text (the offline lexicon analyzer), for notebooks and tests. */
export const POST = route({ access: { session: "dashboard:read", apiKey: true }, rateLimit: COMPUTE_ROUTE_RATE_LIMIT, body: analyzeEmotionsInputSchema, maxBytes: 1_100_000 }, async ({ body }) =>
  Response.json(await runCompute("analyzeEmotions", body)),
);
