import { route } from "@/lib/http/route";
import { analyze, analyzeInputSchema } from "@/lib/experiments/stats";

/** Stateless statistics: per-variant summary statistics in, lift / intervals / p-values / SRM out. */
export const POST = route({ access: "apiKey", body: analyzeInputSchema }, async ({ body }) => Response.json(analyze(body)));
