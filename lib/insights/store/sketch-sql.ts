import { sql, type SQL } from "drizzle-orm";
import { LN_GAMMA } from "../root-cause/sketch";

/** The bucket index of a latency column in SQL, the same mapping as `bucketOf` (lib/insights/root-cause/sketch.ts). */
export function sketchBucketSql(column: SQL): SQL {
  return sql`(case when ${column} <= 1 then 0 else ceil(ln(${column}) / ${LN_GAMMA}::float8) end)::int`;
}
