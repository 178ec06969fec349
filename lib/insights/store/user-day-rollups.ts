/**
 * The root cause rollups' daily tier per end user (root_cause_user_day_rollups): a UTC day's traces summed per user,
 * with the segment rollups' measures and latency sketch (./trace-measures.ts). Saved cohorts change membership at
 * every refresh, so no cohort is rolled up: an analysis splits these rows by the cohort's membership when it reads
 * them (./user-day-scan.ts), which gives what the traces give with the membership of the cohort's last refresh. Built
 * from the traces with the day's segment rows, in the same transaction (./day-rollups.ts), and dropped with them.
 */
import { sql, type SQL } from "drizzle-orm";
import { BUCKET_SUMS, ROW_COLUMNS, ROW_SUMS, traceMeasureRows } from "./trace-measures";

const DAY = 86_400_000;

/** The insert of one day's rows per user (user_id null: the traces without a user). */
export function userDayInsert(projectId: string, day: Date): SQL {
  const w = { from: day, to: new Date(day.getTime() + DAY) };
  return sql`
    with base as (${traceMeasureRows(projectId, w, [sql`tr.user_id`])}),
    by_bucket as (select user_id, bucket, ${BUCKET_SUMS} from base group by user_id, bucket)
    insert into root_cause_user_day_rollups (project_id, day, user_id, ${ROW_COLUMNS})
    select ${projectId}::uuid, ${day.toISOString()}::timestamptz, user_id, ${ROW_SUMS} from by_bucket group by user_id`;
}
