import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { auditAs } from "@/lib/audit/record";
import { reviewAnomaly } from "@/lib/monitoring/store/review";

const bodySchema = z.object({ status: z.enum(["open", "acknowledged", "false_positive", "confirmed"]) });
const idSchema = z.object({ id: z.string().uuid("must be an anomaly id") });

/** Acknowledge an anomaly or label it (false_positive | confirmed); labels retune the metric's sensitivity. */
export const POST = withSession("monitoring:write", async (req, { db, principal, params }) => {
  const { id } = idSchema.parse(params);
  const { status } = bodySchema.parse(await readJson(req, 10_000));
  const { anomaly, tuning } = await reviewAnomaly(db, principal.projectId, id, status, principal.userId);
  await auditAs(db, principal, { action: `anomaly.${status}`, targetType: "anomaly", targetId: id, details: { metric: anomaly.metric } });
  return Response.json({ anomaly: { id: anomaly.id, metric: anomaly.metric, status: anomaly.status }, tuning });
});
