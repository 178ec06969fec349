import { withApiKey } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { detectAnomalies, detectAnomaliesInputSchema } from "@/lib/monitoring";

/** The anomaly detector the monitoring job uses, for notebooks: `{ series: [{ timestamp, value }], sensitivity? }`. */
export const POST = withApiKey(async (req) =>
  Response.json(detectAnomalies(detectAnomaliesInputSchema.parse(await readJson(req, 5_000_000)))),
);
