// The hot side of a read across the tiers: the rows the warm tier does not answer (outside its day ranges), so a row
// whose day is in both tiers (exported, not yet expired) is counted once.
import { sql, type SQL } from "drizzle-orm";

/** PostgreSQL: `column` (a timestamptz) outside every [from, to) range; true when there is none. */
export function outsideRanges(column: SQL, ranges: [Date, Date][]): SQL {
  if (!ranges.length) return sql`true`;
  const inside = ranges.map(([a, b]) => sql`(${column} >= ${a.toISOString()}::timestamptz and ${column} < ${b.toISOString()}::timestamptz)`);
  return sql`not (${sql.join(inside, sql` or `)})`;
}
