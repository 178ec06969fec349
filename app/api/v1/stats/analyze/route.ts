import { route } from "@/lib/http/route";
import { COMPUTE_ROUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import { runCompute } from "@/lib/compute/compute-pool";
import { analyzeInputSchema } from "@/lib/experiments/stats";

/** Stateless statistics: per-variant summary statistics in, lift / intervals / p-values / SRM out. */
export const POST = route({ access: { session: "dashboard:read", apiKey: true }, rateLimit: COMPUTE_ROUTE_RATE_LIMIT, body: analyzeInputSchema }, async ({ body }) =>
  Response.json(await runCompute("analyzeExperiment", body)),
);
