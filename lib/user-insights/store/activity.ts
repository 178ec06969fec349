// What "active" means for stickiness and lifecycle, as SQL: the named event when one is given (as retention's
// returnEvent), else anything the users layer records a user by: product events and traces carrying the user id.
import { sql, type SQL } from "drizzle-orm";

/** Whether the user in `userColumn` is a member of the cohort (a probe of its key (project_id, cohort_id, user_id)). */
export function inCohort(projectId: string, cohort: string, userColumn: SQL): SQL {
  return sql`exists (select 1 from cohort_members cm where cm.project_id = ${projectId} and cm.cohort_id = ${cohort}::uuid and cm.user_id = ${userColumn})`;
}

/**
 * Rows (user_id, ts) of a project's activity in [from, to); `from` null reads from the beginning. With a cohort, only
 * its members' (a probe of the membership key (project_id, cohort_id, user_id) per row).
 */
export function activityRows(projectId: string, event: string | undefined, from: Date | null, to: Date, cohort?: string): SQL {
  // Both sources name their time column `timestamp` and their user `user_id`, so one filter serves both.
  const filter = sql`src.project_id = ${projectId} and src.user_id is not null${from ? sql` and src.timestamp >= ${from.toISOString()}::timestamptz` : sql``}
    and src.timestamp < ${to.toISOString()}::timestamptz${cohort ? sql` and ${inCohort(projectId, cohort, sql`src.user_id`)}` : sql``}`;
  if (event !== undefined) return sql`select src.user_id, src.timestamp as ts from events src where ${filter} and src.name = ${event}`;
  return sql`select src.user_id, src.timestamp as ts from events src where ${filter}
    union all
    select src.user_id, src.timestamp as ts from traces src where ${filter}`;
}

/** Whether the user in `userColumn` was active before `before` (index probes on (project_id, user_id, timestamp)). */
export function activeBefore(projectId: string, event: string | undefined, userColumn: SQL, before: Date): SQL {
  const cut = before.toISOString();
  const inEvents = sql`exists (select 1 from events e where e.project_id = ${projectId} and e.user_id = ${userColumn} and e.timestamp < ${cut}::timestamptz${event === undefined ? sql`` : sql` and e.name = ${event}`})`;
  if (event !== undefined) return inEvents;
  return sql`(${inEvents} or ${traceBefore(projectId, userColumn, before)})`;
}

/** Whether the user in `userColumn` has a trace before `before` (an index probe). */
export function traceBefore(projectId: string, userColumn: SQL, before: Date): SQL {
  return sql`exists (select 1 from traces t where t.project_id = ${projectId} and t.user_id = ${userColumn} and t.timestamp < ${before.toISOString()}::timestamptz)`;
}
