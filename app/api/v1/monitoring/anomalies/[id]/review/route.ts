import { z } from "zod";
import { route } from "@/lib/http/route";
import { pathId } from "@/lib/http/params";
import { reviewAnomaly } from "@/lib/monitoring/store/review";

const params = z.object({ id: pathId("anomaly") });
const body = z.object({ status: z.enum(["open", "acknowledged", "false_positive", "confirmed"]) });

/** Acknowledge an anomaly or label it (false_positive | confirmed); labels retune the metric's sensitivity. */
export const POST = route({ access: { session: "monitoring:write" }, params, body, maxBytes: 10_000 }, async ({ db, principal, params, body }) => {
  const { anomaly, tuning } = await reviewAnomaly(db, principal, params.id, body.status);
  return Response.json({ anomaly: { id: anomaly.id, metric: anomaly.metric, status: anomaly.status }, tuning });
});
