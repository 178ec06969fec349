import { z } from "zod";
import { route } from "@/lib/http/route";
import { MAX_BULK_REVIEW, reviewAnomalies } from "@/lib/monitoring/store/review";

const body = z.object({
  ids: z
    .array(z.uuid({ message: "must be an anomaly id" }))
    .min(1, "give at least one anomaly id")
    .max(MAX_BULK_REVIEW, `at most ${MAX_BULK_REVIEW} anomalies per request`),
  status: z.enum(["open", "acknowledged", "false_positive", "confirmed"]),
});

/** Bulk review: acknowledge (or label) several anomalies in one transaction, all or nothing; audited per anomaly. */
export const POST = route({ access: { session: "monitoring:write" }, body, maxBytes: 20_000 }, async ({ db, principal, body }) => {
  const { anomalies, tuning } = await reviewAnomalies(db, principal, body.ids, body.status);
  return Response.json({ anomalies: anomalies.map((a) => ({ id: a.id, metric: a.metric, status: a.status })), tuning });
});
