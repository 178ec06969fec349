/**
 * Mutes (snoozes) of anomaly series: a metric, or one dimension value of it, for an hour, a day, a week or until
 * unmuted. The feed hides a muted series' anomalies by default and alert evaluation skips them while the mute lasts;
 * every mute and unmute is audited in its own transaction.
 */
import { and, asc, eq, gt, isNull, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { monitoringAnomalyMutes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditAs, type MemberActor } from "@/lib/audit/record";

const HOUR = 3_600_000;
/** How long a mute lasts; "until_unmuted" never expires. */
export const MUTE_DURATIONS = { "1h": HOUR, "1d": 24 * HOUR, "1w": 7 * 24 * HOUR, until_unmuted: null } as const;
export type MuteDuration = keyof typeof MUTE_DURATIONS;

export const muteCreateSchema = z
  .object({
    metric: z.string().trim().min(1, "must name a metric").max(200),
    /** Both or neither: a dimension value of the metric (e.g. model = gpt-4o), or every series of it. */
    dimension: z.string().trim().min(1).max(200).optional(),
    dimensionValue: z.string().trim().min(1).max(500).optional(),
    duration: z.enum(Object.keys(MUTE_DURATIONS) as [MuteDuration, ...MuteDuration[]], { message: "must be one of 1h, 1d, 1w, until_unmuted" }),
    reason: z.string().trim().max(500).optional(),
  })
  .refine((b) => (b.dimension === undefined) === (b.dimensionValue === undefined), {
    message: "dimension and dimensionValue go together (give both to mute one series, neither to mute the whole metric)",
    path: ["dimensionValue"],
  });
export type MuteCreate = z.output<typeof muteCreateSchema>;

export type AnomalyMute = typeof monitoringAnomalyMutes.$inferSelect;

/** A mute in force at `now`. */
const activeAt = (now: Date) => or(isNull(monitoringAnomalyMutes.expiresAt), gt(monitoringAnomalyMutes.expiresAt, now));

/** True for an anomaly row whose series is muted at `now` (for the where clause or select list of a query on anomalies). */
export function anomalyMuted(now: Date): SQL<boolean> {
  // Qualified by hand: drizzle leaves columns unqualified in a single-table select list, where they would name the mute.
  const a = (column: string) => sql`${sql.identifier("monitoring_anomalies")}.${sql.identifier(column)}`;
  return sql<boolean>`exists (select 1 from monitoring_anomaly_mutes m where m.project_id = ${a("project_id")} and m.metric = ${a("metric")}
    and (m.dimension is null or (m.dimension = ${a("dimension")} and m.dimension_value = ${a("dimension_value")}))
    and (m.expires_at is null or m.expires_at > ${now.toISOString()}::timestamptz))`;
}

/** Whether every series of `metric` is muted at `now` (metric threshold rules read the project-wide series). */
export async function metricMuted(db: Db, projectId: string, metric: string, now: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: monitoringAnomalyMutes.id })
    .from(monitoringAnomalyMutes)
    .where(and(eq(monitoringAnomalyMutes.projectId, projectId), eq(monitoringAnomalyMutes.metric, metric), isNull(monitoringAnomalyMutes.dimension), activeAt(now)))
    .limit(1);
  return Boolean(row);
}

/** The mutes in force at `now`, soonest to expire first (until-unmuted last). */
export async function listMutes(db: Db, projectId: string, now: Date): Promise<AnomalyMute[]> {
  return db
    .select()
    .from(monitoringAnomalyMutes)
    .where(and(eq(monitoringAnomalyMutes.projectId, projectId), activeAt(now)))
    .orderBy(sql`${monitoringAnomalyMutes.expiresAt} asc nulls last`, asc(monitoringAnomalyMutes.createdAt));
}

export async function createMute(db: Db, actor: MemberActor, input: MuteCreate, now: Date): Promise<AnomalyMute> {
  const ms = MUTE_DURATIONS[input.duration];
  return db.transaction(async (tx) => {
    const db = tx as Db;
    const [mute] = await db
      .insert(monitoringAnomalyMutes)
      .values({
        projectId: actor.projectId,
        metric: input.metric,
        dimension: input.dimension ?? null,
        dimensionValue: input.dimensionValue ?? null,
        expiresAt: ms === null ? null : new Date(now.getTime() + ms),
        reason: input.reason ?? null,
        createdBy: actor.userId,
        createdAt: now,
      })
      .returning();
    await auditAs(db, actor, {
      action: "anomaly_mute.create",
      targetType: "anomaly_mute",
      targetId: mute.id,
      details: { metric: mute.metric, dimension: mute.dimension, dimensionValue: mute.dimensionValue, duration: input.duration, expiresAt: mute.expiresAt?.toISOString() ?? null },
    });
    return mute;
  });
}

/** Unmute: the mute is removed (the audit log keeps its history). */
export async function deleteMute(db: Db, actor: MemberActor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const db = tx as Db;
    const [mute] = await db
      .delete(monitoringAnomalyMutes)
      .where(and(eq(monitoringAnomalyMutes.projectId, actor.projectId), eq(monitoringAnomalyMutes.id, id)))
      .returning();
    if (!mute) throw new AppError("not_found", "No such mute in this project");
    await auditAs(db, actor, {
      action: "anomaly_mute.delete",
      targetType: "anomaly_mute",
      targetId: id,
      details: { metric: mute.metric, dimension: mute.dimension, dimensionValue: mute.dimensionValue },
    });
  });
}
