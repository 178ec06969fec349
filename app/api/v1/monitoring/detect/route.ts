import { route } from "@/lib/http/route";
import { COMPUTE_ROUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import { runCompute } from "@/lib/compute/compute-pool";
import { detectAnomaliesInputSchema } from "@/lib/monitoring";

/** The anomaly detector the monitoring job uses, for notebooks: `{ series: [{ timestamp, value }], sensitivity? }`. */
export const POST = route({ access: { session: "dashboard:read", apiKey: true }, rateLimit: COMPUTE_ROUTE_RATE_LIMIT, body: detectAnomaliesInputSchema, maxBytes: 5_000_000 }, async ({ body }) =>
  Response.json(await runCompute("detectAnomalies", body)),
);
