import { z } from "zod";
import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { auditAs } from "@/lib/audit/record";
import { deleteAlertRule, updateAlertRule } from "@/lib/monitoring/store/alert-rules";

const idSchema = z.object({ id: z.string().uuid("must be an alert rule id") });

/** `{ enabled?, silencedUntil? }`: pause, silence until a time, or unsilence (null). */
export const PATCH = withSession("monitoring:write", async (req, { db, principal, params }) => {
  const { id } = idSchema.parse(params);
  const rule = await updateAlertRule(db, principal.projectId, id, await readJson(req, 10_000));
  await auditAs(db, principal, { action: "alert_rule.updated", targetType: "alert_rule", targetId: id, details: { enabled: rule.enabled, silencedUntil: rule.silencedUntil } });
  return Response.json({ rule });
});

export const DELETE = withSession("monitoring:write", async (_req, { db, principal, params }) => {
  const { id } = idSchema.parse(params);
  await deleteAlertRule(db, principal.projectId, id);
  await auditAs(db, principal, { action: "alert_rule.deleted", targetType: "alert_rule", targetId: id });
  return Response.json({ deleted: true });
});
