/** Alert rules: validation and storage (the dashboard's CRUD). */
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { alertNotifications, alertRules, cohorts } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditAs, type MemberActor } from "@/lib/audit/record";
import { env } from "@/lib/env";
import { checkPublicUrl, parseHostAllowlist } from "@/lib/http/public-address";
import { emailConfigured } from "../alerts/email";

/** The series dimensions an alert rule can be scoped to (the rollups' dimensions: lib/monitoring/store/recompute-rollups.ts). */
export const SERIES_DIMENSIONS = ["cohort", "model", "environment"] as const;

const webhookUrl = z
  .string()
  .url("must be a URL")
  .max(2000)
  .refine((u) => /^https?:$/.test(new URL(u).protocol), "must be an http(s) URL");

export const alertRuleInputSchema = z
  .object({
    name: z.string().trim().min(1, "is required").max(120),
    metric: z.string().max(100).nullable().optional(),
    condition: z.enum(["anomaly", "above", "below", "dead_letters"]),
    threshold: z.number().finite().nullable().optional(),
    minSeverity: z.enum(["low", "medium", "high", "critical"]).default("high"),
    webhookUrl: webhookUrl.nullable().optional(),
    emailRecipients: z.array(z.string().trim().email("must be email addresses")).max(20).default([]),
    cooldownMinutes: z.number().int().min(0).max(10_080).default(60),
    /** Watch one series: a saved cohort (its id), a model or an environment. Absent: the project total / any series. */
    dimension: z.enum(SERIES_DIMENSIONS, { error: `dimension must be one of ${SERIES_DIMENSIONS.join(", ")}` }).nullable().optional(),
    dimensionValue: z.string().trim().min(1, "is required with a dimension").max(200).nullable().optional(),
  })
  .refine((r) => Boolean(r.dimension) === Boolean(r.dimensionValue), {
    message: "give dimension and dimensionValue together",
    path: ["dimensionValue"],
  })
  .refine((r) => !r.dimension || r.condition !== "dead_letters", {
    message: "the dead-letters alert watches jobs, not a series",
    path: ["dimension"],
  })
  .refine((r) => r.condition === "anomaly" || r.condition === "dead_letters" || (r.metric && typeof r.threshold === "number"), {
    message: "metric conditions need a metric and a threshold",
    path: ["threshold"],
  })
  .refine((r) => Boolean(r.webhookUrl) || r.emailRecipients.length > 0, {
    message: "give a webhookUrl, emailRecipients or both",
    path: ["webhookUrl"],
  });

/** A cohort id to look up, or the nil UUID (matches nothing) for text that is not one, so PostgreSQL never sees a bad uuid. */
function uuidOrNil(value: string | null | undefined): string {
  return value && z.uuid().safeParse(value).success ? value : "00000000-0000-0000-0000-000000000000";
}

export const alertRulePatchSchema = z.object({
  enabled: z.boolean().optional(),
  /** An ISO date to silence until, or null to unsilence. */
  silencedUntil: z.coerce.date().nullable().optional(),
  /** Silence for this many minutes from now (the dashboard's "silence 1 h"). */
  silenceMinutes: z.number().int().min(1).max(43_200).optional(),
});

export async function listAlertRules(db: Db, projectId: string) {
  return db.select().from(alertRules).where(eq(alertRules.projectId, projectId)).orderBy(alertRules.createdAt);
}

/** Creates a rule and its audit row in one transaction. */
export async function createAlertRule(db: Db, actor: MemberActor, r: z.output<typeof alertRuleInputSchema>) {
  if (r.webhookUrl) {
    const refused = await checkPublicUrl(r.webhookUrl, parseHostAllowlist(env().PRISM_WEBHOOK_ALLOWLIST));
    if (refused) {
      throw new AppError(
        "invalid_request",
        `webhookUrl: ${refused}; alert webhooks must reach a public address (an operator can allow internal ones with PRISM_WEBHOOK_ALLOWLIST)`,
      );
    }
  }
  if (r.emailRecipients.length > 0 && !emailConfigured()) {
    throw new AppError("unprocessable", "Email is not configured on this server: set SMTP_URL and ALERT_EMAIL_FROM, or use a webhook");
  }
  if (r.dimension === "cohort") {
    const [cohort] = await db.select({ id: cohorts.id }).from(cohorts).where(and(eq(cohorts.projectId, actor.projectId), eq(cohorts.id, uuidOrNil(r.dimensionValue))));
    if (!cohort) throw new AppError("invalid_request", "dimensionValue: no saved cohort with this id in the project");
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(alertRules)
      .values({
        projectId: actor.projectId,
        ...r,
        webhookUrl: r.webhookUrl ?? null,
        metric: r.metric ?? null,
        threshold: r.threshold ?? null,
        dimension: r.dimension ?? null,
        dimensionValue: r.dimensionValue ?? null,
      })
      .returning();
    await auditAs(tx, actor, { action: "alert_rule.created", targetType: "alert_rule", targetId: row!.id, details: { name: row!.name } });
    return row!;
  });
}

export async function updateAlertRule(db: Db, actor: MemberActor, id: string, input: z.output<typeof alertRulePatchSchema>) {
  const { silenceMinutes, ...patch } = input;
  if (silenceMinutes !== undefined) patch.silencedUntil = new Date(Date.now() + silenceMinutes * 60_000);
  if (Object.keys(patch).length === 0) throw new AppError("invalid_request", "enabled, silencedUntil or silenceMinutes: give at least one");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(alertRules)
      .set(patch)
      .where(and(eq(alertRules.projectId, actor.projectId), eq(alertRules.id, id)))
      .returning();
    if (!row) throw new AppError("not_found", "No such alert rule in this project");
    await auditAs(tx, actor, { action: "alert_rule.updated", targetType: "alert_rule", targetId: id, details: { enabled: row.enabled, silencedUntil: row.silencedUntil } });
    return row;
  });
}

export async function deleteAlertRule(db: Db, actor: MemberActor, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(alertRules)
      .where(and(eq(alertRules.projectId, actor.projectId), eq(alertRules.id, id)))
      .returning({ id: alertRules.id });
    if (!row) throw new AppError("not_found", "No such alert rule in this project");
    await auditAs(tx, actor, { action: "alert_rule.deleted", targetType: "alert_rule", targetId: id });
  });
}

export async function listNotifications(db: Db, projectId: string, limit = 50) {
  return db
    .select({
      id: alertNotifications.id,
      ruleId: alertNotifications.ruleId,
      ruleName: alertRules.name,
      message: alertNotifications.message,
      channel: alertNotifications.channel,
      target: alertNotifications.target,
      status: alertNotifications.status,
      responseStatus: alertNotifications.responseStatus,
      error: alertNotifications.error,
      anomalyIds: alertNotifications.anomalyIds,
      acknowledgedAt: alertNotifications.acknowledgedAt,
      createdAt: alertNotifications.createdAt,
    })
    .from(alertNotifications)
    .innerJoin(alertRules, eq(alertRules.id, alertNotifications.ruleId))
    .where(eq(alertNotifications.projectId, projectId))
    .orderBy(desc(alertNotifications.createdAt))
    .limit(limit);
}

export async function acknowledgeNotification(db: Db, projectId: string, id: string, userId: string) {
  const [row] = await db
    .update(alertNotifications)
    .set({ acknowledgedAt: new Date(), acknowledgedBy: userId })
    .where(and(eq(alertNotifications.projectId, projectId), eq(alertNotifications.id, id)))
    .returning({ id: alertNotifications.id });
  if (!row) throw new AppError("not_found", "No such notification in this project");
  return row;
}
