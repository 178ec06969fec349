// What "active" means for stickiness and lifecycle, as SQL: the named event when one is given (as retention's
// returnEvent), else anything the users layer records a user by: product events and traces carrying the user id.
import { sql, type SQL } from "drizzle-orm";

/** Rows (user_id, ts) of a project's activity in [from, to); `from` null reads from the beginning. */
export function activityRows(projectId: string, event: string | undefined, from: Date | null, to: Date): SQL {
  const since = (col: SQL) => (from ? sql` and ${col} >= ${from.toISOString()}::timestamptz` : sql``);
  const events = sql`select user_id, timestamp as ts from events
    where project_id = ${projectId} and user_id is not null${event === undefined ? sql`` : sql` and name = ${event}`}${since(sql`timestamp`)}
      and timestamp < ${to.toISOString()}::timestamptz`;
  if (event !== undefined) return events;
  return sql`${events}
    union all
    select user_id, timestamp as ts from traces
    where project_id = ${projectId} and user_id is not null${since(sql`timestamp`)} and timestamp < ${to.toISOString()}::timestamptz`;
}
