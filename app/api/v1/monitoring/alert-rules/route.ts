import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { auditAs } from "@/lib/audit/record";
import { createAlertRule, listAlertRules } from "@/lib/monitoring/store/alert-rules";
import { emailConfigured } from "@/lib/monitoring/alerts/email";

/** The rules, and whether this server can send email (`channels.email`). */
export const GET = withSession("monitoring:read", async (_req, { db, principal }) =>
  Response.json({ data: await listAlertRules(db, principal.projectId), channels: { webhook: true, email: emailConfigured() } }),
);

/** `{ name, condition: anomaly|above|below, metric?, threshold?, minSeverity?, webhookUrl?, emailRecipients?, cooldownMinutes? }` */
export const POST = withSession("monitoring:write", async (req, { db, principal }) => {
  const rule = await createAlertRule(db, principal.projectId, await readJson(req, 20_000));
  await auditAs(db, principal, { action: "alert_rule.created", targetType: "alert_rule", targetId: rule.id, details: { name: rule.name } });
  return Response.json({ rule }, { status: 201 });
});
