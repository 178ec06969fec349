// The Overview's reads of product activity: whole days from the daily rollups, other ranges from the raw events.
import { and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { events, metricRollups } from "@/db/schema";
import type { MetricRoles } from "@/lib/catalog/definition";

/** The project-wide ("all") daily rollups of the given metrics whose day starts in [from, to). */
export async function dailyRollups(db: Db, projectId: string, metrics: string[], from: Date, to: Date) {
  return db
    .select({ metric: metricRollups.metric, bucketStart: metricRollups.bucketStart, value: metricRollups.value, count: metricRollups.count })
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.projectId, projectId),
        eq(metricRollups.granularity, "day"),
        eq(metricRollups.dimension, "all"),
        inArray(metricRollups.metric, metrics),
        gte(metricRollups.bucketStart, from),
        lt(metricRollups.bucketStart, to),
      ),
    );
}

/**
 * Per-day activity straight from the raw events, over the given [from, to) ranges, counting the catalog's role events;
 * with a cohort, only its members' events (a probe of the membership key (project_id, cohort_id, user_id) per event).
 */
export async function liveDays(db: Db, projectId: string, ranges: [Date, Date][], roles: MetricRoles, cohort?: string) {
  if (ranges.length === 0) return [];
  const day = sql<string>`to_char(date_trunc('day', ${events.timestamp} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const inRanges = sql.join(
    ranges.map(([a, b]) => sql`(${events.timestamp} >= ${a.toISOString()}::timestamptz and ${events.timestamp} < ${b.toISOString()}::timestamptz)`),
    sql` or `,
  );
  return db
    .select({
      day,
      sessions: sql<number>`count(*) filter (where ${events.name} = ${roles.session})`.mapWith(Number),
      activeUsers: sql<number>`count(distinct ${events.userId})`.mapWith(Number),
      messages: sql<number>`count(*) filter (where ${events.name} = ${roles.message})`.mapWith(Number),
      errors: sql<number>`count(*) filter (where ${events.name} = ${roles.error})`.mapWith(Number),
      thumbsUp: sql<number>`count(*) filter (where ${events.name} = ${roles.feedback} and ${events.properties}->>'thumbs' = 'up')`.mapWith(Number),
      thumbsDown: sql<number>`count(*) filter (where ${events.name} = ${roles.feedback} and ${events.properties}->>'thumbs' = 'down')`.mapWith(Number),
    })
    .from(events)
    .where(
      and(
        eq(events.projectId, projectId),
        sql`(${inRanges})`,
        cohort === undefined
          ? undefined
          : sql`exists (select 1 from cohort_members cm where cm.project_id = ${projectId} and cm.cohort_id = ${cohort}::uuid and cm.user_id = ${events.userId})`,
      ),
    )
    .groupBy(day);
}

/**
 * The time of the project's first stored product event (or the first after the retention cut), null without any:
 * a previous period that starts before it is only partly covered by data, one that ends before it has none.
 */
export async function firstEventAt(db: Db, projectId: string): Promise<Date | null> {
  const [row] = await db.select({ t: sql<string | null>`min(${events.timestamp})` }).from(events).where(eq(events.projectId, projectId));
  return row?.t ? new Date(row.t) : null;
}
