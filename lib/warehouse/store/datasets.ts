// The tables the storage tiers copy beyond events, as SQL relations: the warm tier's summaries (no payloads) and the
// cold tier's raw rows. Each names its time column (the day a row belongs to), its key (unique within a project, for
// paging and for merging a rewritten day) and its end-user column (the per-file user index and erasure).
import { sql } from "drizzle-orm";
import { affectedRows, rowsOf, type Db } from "@/db/client";

export interface DatasetColumn {
  name: string;
  /** The DuckDB type of the Parquet column (values travel from PostgreSQL as text and are cast). */
  type: string;
  /** DuckDB SQL turning the column's text into `type` when a plain cast would not (a list sent as JSON). */
  fromText?: (column: string) => string;
}

export interface Dataset {
  /** The manifest's table_name and the folder under the project. */
  name: string;
  /** A relation with project_id and the columns below (plus `user_id`), read with the project filter pushed in. */
  source: string;
  time: string;
  key: string[];
  columns: DatasetColumn[];
}

const TRACE_SUMMARY = "t.project_id, t.id, t.user_id, t.session_id, t.environment, t.timestamp, t.total_tokens, t.total_cost, t.latency_ms, t.level";
/**
 * What the preference profile needs of a kept trace (lib/users/store/warm-signals.ts): its persona, the value of the
 * project's persona dimension as set when the day is exported (not the whole metadata: a few bytes a row, no payload),
 * and its tags (response styles), as a JSON list. The dimension is part of the row, so changing it re-exports every
 * day still hot; days already past hot retention keep the value they were exported with.
 */
const TRACE_PROFILE = "nullif(t.metadata ->> coalesce(ts.persona_dimension, 'persona'), '') as persona, to_json(t.tags)::text as tags";
const CALL_SUMMARY = "o.project_id, o.id, o.trace_id, t.user_id, t.environment, o.type, o.name, o.model, o.provider, o.start_time, o.end_time, o.level, o.usage_input, o.usage_output, o.usage_total, o.cost_total";

/** Warm datasets: what dashboards and profiles aggregate, never a payload (no input, output, whole metadata or comment). */
export const WARM_DATASETS: Dataset[] = [
  {
    name: "traces",
    source: `(select ${TRACE_SUMMARY}, t.name, false as sampled, ${TRACE_PROFILE} from traces t left join trace_settings ts on ts.project_id = t.project_id
      union all select ${TRACE_SUMMARY}, null::text, true, null::text, null::text from sampled_traces t) s`,
    time: "timestamp",
    key: ["id"],
    columns: [
      { name: "id", type: "varchar" },
      { name: "user_id", type: "varchar" },
      { name: "session_id", type: "varchar" },
      { name: "name", type: "varchar" },
      { name: "environment", type: "varchar" },
      { name: "timestamp", type: "timestamptz" },
      { name: "total_tokens", type: "bigint" },
      { name: "total_cost", type: "double" },
      { name: "latency_ms", type: "double" },
      { name: "level", type: "varchar" },
      { name: "sampled", type: "boolean" },
      // Added later: files written before lack them (readers use union_by_name; see warm-signals.ts).
      { name: "persona", type: "varchar" },
      { name: "tags", type: "varchar[]", fromText: (c) => `from_json(${c}, '["varchar"]')` },
    ],
  },
  {
    name: "observations",
    source: `(select ${CALL_SUMMARY}, false as sampled from observations o left join traces t on t.project_id = o.project_id and t.id = o.trace_id
      union all select ${CALL_SUMMARY}, true as sampled from sampled_observations o left join sampled_traces t on t.project_id = o.project_id and t.id = o.trace_id) s`,
    time: "start_time",
    key: ["trace_id", "id"],
    columns: [
      { name: "id", type: "varchar" },
      { name: "trace_id", type: "varchar" },
      { name: "user_id", type: "varchar" },
      { name: "environment", type: "varchar" },
      { name: "type", type: "varchar" },
      { name: "name", type: "varchar" },
      { name: "model", type: "varchar" },
      { name: "provider", type: "varchar" },
      { name: "start_time", type: "timestamptz" },
      { name: "end_time", type: "timestamptz" },
      { name: "level", type: "varchar" },
      { name: "usage_input", type: "bigint" },
      { name: "usage_output", type: "bigint" },
      { name: "usage_total", type: "bigint" },
      { name: "cost_total", type: "double" },
      { name: "sampled", type: "boolean" },
    ],
  },
  {
    name: "scores",
    source: `(select sc.project_id, sc.id, sc.trace_id, sc.observation_id, t.user_id, sc.name, sc.value, sc.string_value, sc.data_type, sc.source, sc.timestamp
      from scores sc left join traces t on t.project_id = sc.project_id and t.id = sc.trace_id) s`,
    time: "timestamp",
    key: ["id"],
    columns: [
      { name: "id", type: "varchar" },
      { name: "trace_id", type: "varchar" },
      { name: "observation_id", type: "varchar" },
      { name: "user_id", type: "varchar" },
      { name: "name", type: "varchar" },
      { name: "value", type: "double" },
      { name: "string_value", type: "varchar" },
      { name: "data_type", type: "varchar" },
      { name: "source", type: "varchar" },
      { name: "timestamp", type: "timestamptz" },
    ],
  },
  {
    name: "experiment_exposures",
    source: "experiment_exposures",
    time: "first_exposed_at",
    key: ["experiment_id", "user_id", "variant_key"],
    columns: [
      { name: "experiment_id", type: "varchar" },
      { name: "user_id", type: "varchar" },
      { name: "variant_key", type: "varchar" },
      { name: "first_exposed_at", type: "timestamptz" },
      { name: "logged_at", type: "timestamptz" },
    ],
  },
  {
    name: "api_calls_log",
    source: "(select *, null::text as user_id from api_calls_log) s",
    time: "created_at",
    key: ["id"],
    columns: [
      { name: "id", type: "varchar" },
      { name: "user_id", type: "varchar" },
      { name: "provider", type: "varchar" },
      { name: "model", type: "varchar" },
      { name: "prompt", type: "varchar" },
      { name: "trace_id", type: "varchar" },
      { name: "latency_ms", type: "double" },
      { name: "input_tokens", type: "integer" },
      { name: "output_tokens", type: "integer" },
      { name: "cost_usd", type: "double" },
      { name: "outcome", type: "varchar" },
      { name: "created_at", type: "timestamptz" },
    ],
  },
  {
    name: "metric_rollups",
    source: "(select *, null::text as user_id from metric_rollups) s",
    time: "bucket_start",
    key: ["granularity", "metric", "dimension", "dimension_value", "bucket_start"],
    columns: [
      { name: "metric", type: "varchar" },
      { name: "user_id", type: "varchar" },
      { name: "granularity", type: "varchar" },
      { name: "dimension", type: "varchar" },
      { name: "dimension_value", type: "varchar" },
      { name: "bucket_start", type: "timestamptz" },
      { name: "value", type: "double" },
      { name: "count", type: "integer" },
      { name: "computed_at", type: "timestamptz" },
    ],
  },
];

/** Cold datasets: whole raw rows (payloads included) of the tables retention trims, as JSON, with their end user. */
export interface ColdDataset {
  name: string;
  /** The hot table rows are restored into (its primary key makes a restore idempotent). */
  table: string;
  time: string;
  /** The table's primary key after project_id. */
  key: string[];
  /** SQL for the end user of a row `r` of the table (observations and scores take their trace's). */
  user: string;
}

export const COLD_DATASETS: ColdDataset[] = [
  { name: "traces_raw", table: "traces", time: "timestamp", key: ["id"], user: "r.user_id" },
  { name: "observations_raw", table: "observations", time: "start_time", key: ["trace_id", "id"], user: "(select t.user_id from traces t where t.project_id = r.project_id and t.id = r.trace_id)" },
  { name: "scores_raw", table: "scores", time: "timestamp", key: ["id"], user: "(select t.user_id from traces t where t.project_id = r.project_id and t.id = r.trace_id)" },
  { name: "spectrum_turns_raw", table: "spectrum_turns", time: "timestamp", key: ["id"], user: "r.user_id" },
];

export interface HotDay {
  /** YYYY-MM-DD (UTC). */
  day: string;
  rows: number;
  /**
   * The day's fingerprint: its row count and the sum of a 60-bit hash of each row's text (`rowText`), so an edit that
   * keeps the count (a trace's totals updated by late spans) changes it too. Order-free, one pass, no sort.
   */
  contentHash: string;
}

/** SQL for the text of a row made of these columns of a relation (what the fingerprint hashes). */
export const rowTextOf = (columns: string[]) => `row(${columns.map((c) => `"${c.replace(/"/g, '""')}"`).join(", ")})::text`;

/** Days before `before` (a UTC midnight) with rows in a relation, their counts and fingerprints. */
export async function hotDays(db: Db, projectId: string, relation: string, time: string, before: Date, rowText: string): Promise<HotDay[]> {
  const t = sql.identifier(time);
  const result = await db.execute(sql`
    select to_char(date_trunc('day', ${t} at time zone 'UTC'), 'YYYY-MM-DD') as day, count(*)::int as rows,
      coalesce(sum(('x' || substr(md5(${sql.raw(rowText)}), 1, 15))::bit(60)::bigint), 0)::text as hash
    from ${sql.raw(relation)} where project_id = ${projectId} and ${t} < ${before.toISOString()}::timestamptz
    group by 1 order by 1`);
  return rowsOf<{ day: string; rows: number | string; hash: string }>(result).map((r) => ({ day: r.day, rows: Number(r.rows), contentHash: `${r.rows}:${r.hash}` }));
}

/** A page of a warm dataset's rows in [from, to): every column as text (null stays null), in (time, key) order. */
export async function datasetPage(db: Db, projectId: string, d: Dataset, from: Date, to: Date, after: string[] | null, limit: number) {
  const t = sql.identifier(d.time);
  const keys = [sql`${t}`, ...d.key.map((k) => sql`${sql.identifier(k)}::text`)];
  const cols = sql.join(d.columns.map((c) => sql`${sql.identifier(c.name)}::text as ${sql.identifier(c.name)}`), sql`, `);
  const result = await db.execute(sql`
    select ${cols}, ${t}::text as page_time, ${sql.join(d.key.map((k) => sql`${sql.identifier(k)}::text`), sql` || chr(31) || `)} as page_key
    from ${sql.raw(d.source)}
    where project_id = ${projectId} and ${t} >= ${from.toISOString()}::timestamptz and ${t} < ${to.toISOString()}::timestamptz
      ${after ? sql`and (${sql.join(keys, sql`, `)}) > (${after[0]}::timestamptz, ${sql.join(after.slice(1).map((v) => sql`${v}`), sql`, `)})` : sql``}
    order by ${sql.join(keys, sql`, `)} limit ${limit}`);
  const rows = rowsOf<Record<string, string | null>>(result);
  const last = rows[rows.length - 1];
  return {
    rows: rows.map((r) => d.columns.map((c) => r[c.name])),
    next: last ? [String(last.page_time), ...String(last.page_key).split("\u001f")] : null,
  };
}

/** A page of one day of a cold dataset: each row as JSON with its end user, in (time, primary key) order. */
export async function coldDayPage(db: Db, projectId: string, d: ColdDataset, from: Date, to: Date, after: string[] | null, limit: number) {
  const t = sql.identifier(d.time);
  const keys = [sql`r.${t}`, ...d.key.map((k) => sql`r.${sql.identifier(k)}::text`)];
  const result = await db.execute(sql`
    select row_to_json(r)::text as row, ${sql.raw(d.user)} as user_id, r.${t}::text as page_time,
      ${sql.join(d.key.map((k) => sql`r.${sql.identifier(k)}::text`), sql` || chr(31) || `)} as page_key
    from ${sql.identifier(d.table)} r
    where r.project_id = ${projectId} and r.${t} >= ${from.toISOString()}::timestamptz and r.${t} < ${to.toISOString()}::timestamptz
      ${after ? sql`and (${sql.join(keys, sql`, `)}) > (${after[0]}::timestamptz, ${sql.join(after.slice(1).map((v) => sql`${v}`), sql`, `)})` : sql``}
    order by ${sql.join(keys, sql`, `)} limit ${limit}`);
  const rows = rowsOf<{ row: string; user_id: string | null; page_time: string; page_key: string }>(result);
  const last = rows[rows.length - 1];
  return { rows: rows.map((r) => ({ row: r.row, userId: r.user_id })), next: last ? [last.page_time, ...last.page_key.split("\u001f")] : null };
}

/** Inserts archived rows back into their hot table; rows already there are left as they are (a restore is idempotent). */
export async function insertRawRows(db: Db, table: string, rows: string[]): Promise<number> {
  if (!rows.length) return 0;
  const result = await db.execute(sql`
    insert into ${sql.identifier(table)}
    select * from json_populate_recordset(null::${sql.identifier(table)}, ${`[${rows.join(",")}]`}::json)
    on conflict do nothing`);
  return affectedRows(result);
}
