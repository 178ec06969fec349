// The event names a project sent in the last 90 days, for the insight pages' pickers.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

export async function recentEventNames(db: Db, projectId: string, now: Date, limit = 200): Promise<string[]> {
  const since = new Date(now.getTime() - 90 * 86_400_000).toISOString();
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select name from events where project_id = ${projectId} and timestamp >= ${since}::timestamptz group by name order by count(*) desc, name limit ${limit}`),
  );
  return rows.map((r) => r.name);
}
