import { sql, type SQL } from "drizzle-orm";
import { LN_GAMMA } from "../root-cause/sketch";

/** The bucket index of a latency column in SQL, the same mapping as `bucketOf` (lib/insights/root-cause/sketch.ts). */
export function sketchBucketSql(column: SQL): SQL {
  return sql`(case when ${column} <= 1 then 0 else ceil(ln(${column}) / ${LN_GAMMA}::float8) end)::int`;
}

/**
 * A lateral join of a rollup row (alias `row`, with lat_bins, lat_counts and traces) to its sketch buckets as rows
 * u(bucket, n, traces): n per bucket, plus one bucket-less row carrying the row's trace count, so a grouped read gets
 * the merged sketch and, on the bucket-null group, how many traces the segment has (timed or not).
 */
export function bucketsWithTraces(row: SQL): SQL {
  return sql` cross join lateral (select x.b as bucket, x.n::float8 as n, null::float8 as traces from unnest(${row}.lat_bins, ${row}.lat_counts) as x(b, n)
    union all select null::smallint, 0::float8, ${row}.traces::float8) u`;
}
