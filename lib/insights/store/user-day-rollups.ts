/**
 * The root cause rollups' daily tier per end user (root_cause_user_day_rollups): a UTC day's traces summed per user
 * (dim = value = ''), and per user and value of each trace dimension the user's traces of that value (dim = the
 * dimension) where the user's day has more than one value of it (the day row lists the single values), with the
 * segment rollups' measures and latency sketch (./trace-measures.ts). Saved cohorts change membership at every refresh, so no cohort is rolled up: an analysis splits these rows by the cohort's membership when
 * it reads them (./user-day-scan.ts), which gives what the traces give with the membership of the cohort's last
 * refresh, for the cohort alone (with plan or country, properties of the user) and for a cohort paired with one trace
 * dimension. Built from the traces with the day's segment rows, in the same transaction (./day-rollups.ts), and
 * dropped with them.
 */
import { sql, type SQL } from "drizzle-orm";
import { type Dimension, METADATA_PREFIX, TRACE_DIMENSIONS } from "../root-cause/dimensions";
import { ROOT_CAUSE_METRICS } from "../root-cause/metrics";
import { dimensionExpr, traceDimensionJoins } from "./segments";
import { BUCKET_SUMS, ROW_COLUMNS, ROW_SUMS, traceMeasureRows } from "./trace-measures";

const DAY = 86_400_000;

/** Properties of the end user (its day row answers them, split by the profile): never held per value. */
export const isUserProperty = (d: Dimension) => d === "plan" || d === "country";

/** The trace dimensions held per user and value for a day rolled up with the metadata keys `keys` (already the rolled ones). */
export function userTierDimensions(keys: string[]): Dimension[] {
  return [...TRACE_DIMENSIONS.filter((d) => !isUserProperty(d)), ...keys.map((k) => `${METADATA_PREFIX}${k}` as Dimension)];
}

/**
 * The grouping of a day's rows per user: `lead` (user_id and what else every row is keyed by) alone and with each
 * dimension's column d_i, and each grouped row's dim and value ('' for the set without a dimension).
 */
function perValue(dims: Dimension[], lead: SQL) {
  const ident = (i: number) => sql.identifier(`d${i}`);
  const dimCols = sql.join(dims.map((_, i) => ident(i)), sql`, `);
  const sets = sql.join([sql`(${lead})`, ...dims.map((_, i) => sql`(${lead}, ${ident(i)})`)], sql`, `);
  if (dims.length === 0) return { mask: sql`0`, sets, dimOf: sql`''`, valueOf: sql`''`, groupCols: sql`` };
  // grouping(): bit set = column not grouped, the first column the most significant bit; a set of one column d_i
  // has every bit but its own set.
  const all = (1 << dims.length) - 1;
  const maskOf = (i: number) => sql.raw(String(all & ~(1 << (dims.length - 1 - i))));
  return {
    mask: sql`grouping(${dimCols})`,
    sets,
    dimOf: sql`case mask ${sql.join(dims.map((d, i) => sql`when ${maskOf(i)} then ${d}::text`), sql` `)} else '' end`,
    valueOf: sql`case mask ${sql.join(dims.map((_, i) => sql`when ${maskOf(i)} then ${ident(i)}`), sql` `)} else '' end`,
    groupCols: sql`, ${dimCols}`,
  };
}

/**
 * Of a day's grouped rows `rows` (a CTE with the columns `key`, dim, value and the measures), the ones kept, with
 * single_values: a row per value of a dimension only where the key's day has more than one value of it; a single
 * value's row would equal the key's day row (dim = ''), which lists those values instead (dimension -> value), so
 * readers take the day row with its value (./user-day-scan.ts).
 */
function keptWithSingleValues(rows: SQL, key: SQL): SQL {
  return sql`
    select *, case when dim = '' then coalesce(jsonb_object_agg(dim, value) filter (where dim <> '' and values_of_dim = 1) over (partition by ${key}), '{}'::jsonb) else '{}'::jsonb end as single_values
    from (select *, count(*) over (partition by ${key}, dim) as values_of_dim from ${rows}) counted`;
}
// Stored in (dim, value) order: a read of one dimension (or of the day rows) over a day touches a contiguous run of
// pages instead of a page per row (at 1M traces, 45,000 day rows were spread over 20,000 pages).
const kept = sql`dim = '' or values_of_dim > 1`;

/**
 * The insert of one day's trace rows per user (user_id null: the traces without a user): the user's total row and a
 * row per value of each held dimension the day has more than one value of, in one grouped pass (grouping sets per
 * bucket, then per row for its sketch).
 */
export function userDayInsert(projectId: string, day: Date, keys: string[]): SQL {
  const w = { from: day, to: new Date(day.getTime() + DAY) };
  const dims = userTierDimensions(keys);
  const cols = dims.map((d, i) => sql`${dimensionExpr(ROOT_CAUSE_METRICS.traces, d)} as ${sql.identifier(`d${i}`)}`);
  const g = perValue(dims, sql`user_id, bucket`);
  return sql`
    with base as (${traceMeasureRows(projectId, w, [sql`tr.user_id`, ...cols], traceDimensionJoins(projectId, w.from, w.to, dims))}),
    by_bucket as (select ${g.mask}::int as mask, user_id, bucket${g.groupCols}, ${BUCKET_SUMS} from base group by grouping sets (${g.sets})),
    by_row (user_id, dim, value, ${ROW_COLUMNS}) as (select user_id, ${g.dimOf}, ${g.valueOf}, ${ROW_SUMS} from by_bucket group by mask, user_id${g.groupCols})
    insert into root_cause_user_day_rollups (project_id, day, user_id, dim, value, single_values, ${ROW_COLUMNS})
    select ${projectId}::uuid, ${day.toISOString()}::timestamptz, user_id, dim, value, single_values, ${ROW_COLUMNS}
    from (${keptWithSingleValues(sql`by_row`, sql`user_id`)}) k where ${kept} order by dim, value`;
}

/**
 * The insert of one day's event counts per user, name and thumbs value, and per value of each rolled-up metadata key
 * the user's events of that name and thumbs value have more than one value of.
 */
export function userEventDayInsert(projectId: string, day: Date, keys: string[]): SQL {
  const to = new Date(day.getTime() + DAY);
  const dims = keys.map((k) => `${METADATA_PREFIX}${k}` as Dimension);
  const cols = dims.map((d, i) => sql`, ${dimensionExpr(ROOT_CAUSE_METRICS.sessions, d)} as ${sql.identifier(`d${i}`)}`);
  const g = perValue(dims, sql`user_id, name, thumbs`);
  return sql`
    with by_row (user_id, name, thumbs, dim, value, events) as (
      select user_id, name, thumbs, ${g.dimOf}, ${g.valueOf}, events
      from (
        select ${g.mask}::int as mask, user_id, name, thumbs${g.groupCols}, count(*)::float8 as events
        from (
          select e.user_id, e.name, case when e.properties->>'thumbs' in ('up', 'down') then e.properties->>'thumbs' else '' end as thumbs${sql.join(cols, sql``)}
          from events e where e.project_id = ${projectId} and e.timestamp >= ${day.toISOString()}::timestamptz and e.timestamp < ${to.toISOString()}::timestamptz
        ) base
        group by grouping sets (${g.sets})
      ) x)
    insert into root_cause_user_event_day_rollups (project_id, day, user_id, name, thumbs, dim, value, single_values, events)
    select ${projectId}::uuid, ${day.toISOString()}::timestamptz, user_id, name, thumbs, dim, value, single_values, events
    from (${keptWithSingleValues(sql`by_row`, sql`user_id, name, thumbs`)}) k where ${kept} order by dim, value`;
}
