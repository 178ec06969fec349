import { route } from "@/lib/http/route";
import { COMPUTE_ROUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import { runCompute } from "@/lib/compute/compute-pool";
import { computeDriftInputSchema } from "@/lib/monitoring";

/** Drift between a reference and a current sample, per feature and for the dataset. */
export const POST = route({ access: { session: "dashboard:read", apiKey: true }, rateLimit: COMPUTE_ROUTE_RATE_LIMIT, body: computeDriftInputSchema, maxBytes: 20_000_000 }, async ({ body }) =>
  Response.json(await runCompute("computeDrift", body)),
);
