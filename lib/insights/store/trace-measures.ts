/**
 * What the trace rollups (per segment and hour, ./segment-rollups.ts; per end user and day, ./user-day-rollups.ts)
 * sum over their traces, written once: each trace's measures, ratings and latency sketch bucket; their sums per
 * group and bucket; and a row's sums and sketch from those. Which sums make each metric's num and den is here too.
 */
import { sql, type SQL } from "drizzle-orm";
import type { RootCauseMetricName } from "../root-cause/metrics";
import { sketchBucketSql } from "./sketch-sql";
import type { Window } from "./segments";

export type Sums = "traces" | "errors" | "cost" | "cost2" | "tokens" | "tokens2" | "timed" | "latency" | "latency2" | "votes" | "votes2" | "downs" | "downs2" | "downs_votes";
/** Which rollup sums make each metric's num, den, Σnum², Σden², Σnum·den (the raw per-trace measures in ./segments.ts). */
export const ROLLUP_MEASURES: Partial<Record<RootCauseMetricName, Record<"num" | "den" | "num2" | "den2" | "numDen", Sums>>> = {
  traces: { num: "traces", den: "traces", num2: "traces", den2: "traces", numDen: "traces" },
  cost: { num: "cost", den: "traces", num2: "cost2", den2: "traces", numDen: "cost" },
  tokens: { num: "tokens", den: "traces", num2: "tokens2", den2: "traces", numDen: "tokens" },
  // A 0/1 error flag: Σerr² = Σerr·1 = Σerr.
  error_rate: { num: "errors", den: "traces", num2: "errors", den2: "traces", numDen: "errors" },
  // num = latency (0 when untimed), den = timed (0/1): Σnum·den = Σnum.
  latency_mean: { num: "latency", den: "timed", num2: "latency2", den2: "timed", numDen: "latency" },
  // Per trace: its thumbs-down votes over its votes.
  thumbs_down_rate: { num: "downs", den: "votes", num2: "downs2", den2: "votes2", numDen: "downs_votes" },
};

/**
 * The traces of [from, to) (alias tr, with `joins`), one row each: ts, err, cost, tokens, lat, bucket, votes, downs
 * and the given extra columns.
 */
export function traceMeasureRows(projectId: string, w: Window, extra: SQL[], joins: SQL = sql``): SQL {
  const from = w.from.toISOString(), to = w.to.toISOString();
  return sql`
      select tr.timestamp as ts, (tr.level = 'ERROR')::int::float8 as err,
        tr.total_cost::float8 as cost, tr.total_tokens::float8 as tokens, tr.latency_ms::float8 as lat,
        case when tr.latency_ms is null then null else ${sketchBucketSql(sql`tr.latency_ms::float8`)} end as bucket,
        coalesce(sc.votes, 0) as votes, coalesce(sc.downs, 0) as downs, ${sql.join(extra, sql`, `)}
      from traces tr${joins}
      left join (
        select sv.trace_id, count(*) filter (where sv.value = 0)::float8 as downs, count(*)::float8 as votes from scores sv
        where sv.project_id = ${projectId} and sv.data_type = 'boolean' and sv.source in ('api', 'human') and sv.value is not null
          and sv.trace_id in (select id from traces where project_id = ${projectId} and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz)
        group by sv.trace_id) sc on sc.trace_id = tr.id
      where tr.project_id = ${projectId} and tr.timestamp >= ${from}::timestamptz and tr.timestamp < ${to}::timestamptz`;
}

/** Aggregates of `traceMeasureRows` rows grouped with their bucket: n and the sums, named as the rollup columns. */
export const BUCKET_SUMS = sql`count(*)::float8 as n, sum(err) as errors,
        sum(cost) as cost, sum(cost * cost) as cost2, sum(tokens) as tokens, sum(tokens * tokens) as tokens2, count(lat)::float8 as timed,
        sum(lat) as latency, sum(lat * lat) as latency2, sum(votes) as votes, sum(votes * votes) as votes2, sum(downs) as downs,
        sum(downs * downs) as downs2, sum(downs * votes) as downs_votes, min(ts) as first_at`;

/** The measure columns of a rollup row, in the order of `ROW_SUMS`. */
export const ROW_COLUMNS = sql`traces, errors, cost, cost2, tokens, tokens2, timed, latency, latency2, first_at, votes, votes2, downs, downs2, downs_votes, lat_bins, lat_counts`;
/** A row's measures from its `BUCKET_SUMS` rows (one per bucket): sums added, the non-empty buckets as its sketch. */
export const ROW_SUMS = sql`sum(n), sum(errors), coalesce(sum(cost), 0), coalesce(sum(cost2), 0), coalesce(sum(tokens), 0), coalesce(sum(tokens2), 0),
        sum(timed), coalesce(sum(latency), 0), coalesce(sum(latency2), 0), min(first_at), sum(votes), sum(votes2), sum(downs), sum(downs2), sum(downs_votes),
        coalesce(array_agg(bucket::smallint order by bucket) filter (where bucket is not null), '{}'::smallint[]),
        coalesce(array_agg(n::int order by bucket) filter (where bucket is not null), '{}'::int[])`;
