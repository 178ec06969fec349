import { route } from "@/lib/http/route";
import { alertRuleInputSchema, createAlertRule, listAlertRules } from "@/lib/monitoring/store/alert-rules";
import { emailConfigured } from "@/lib/monitoring/alerts/email";

/** The rules, and whether this server can send email (`channels.email`). */
export const GET = route({ access: { session: "monitoring:read" } }, async ({ db, principal }) =>
  Response.json({ data: await listAlertRules(db, principal.projectId), channels: { webhook: true, email: emailConfigured() } }),
);

/** `{ name, condition: anomaly|above|below, metric?, threshold?, minSeverity?, webhookUrl?, emailRecipients?, cooldownMinutes? }` */
export const POST = route({ access: { session: "monitoring:write" }, body: alertRuleInputSchema, maxBytes: 20_000 }, async ({ db, principal, body }) =>
  Response.json({ rule: await createAlertRule(db, principal, body) }, { status: 201 }),
);
