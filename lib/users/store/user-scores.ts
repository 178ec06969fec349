// A user's scores by name (count and mean) over both tiers. The warm tier files a score by its own day, not its
// trace's, and names the trace's user; retention deletes a trace's scores with the trace, whatever their days. So a
// score is read where its trace is: while the trace is hot, all its scores are hot (the join below); once the trace has
// gone, its scores are taken from whichever warm files hold them (by score id, any day). A score whose day was not
// written before its trace expired is lost to both tiers, as it was before the tiers.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { literal, readParquet, withDuckDb } from "@/lib/warehouse/duckdb";
import { warmFilesHoldingUsers } from "@/lib/warehouse/warm-reads";

export interface UserScore {
  name: string;
  count: number;
  mean: number | null;
}

type Part = { trace_id?: string; name: string; n: number | bigint; total: number | null; valued: number | bigint };

export async function userScores(db: Db, projectId: string, userId: string, root?: string): Promise<UserScore[]> {
  const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(query));
  const [hot, files] = await Promise.all([
    q<Part>(sql`select s.name, count(*)::int as n, sum(s.value)::float8 as total, count(s.value)::int as valued from scores s
          join traces t on t.project_id = s.project_id and t.id = s.trace_id
          where s.project_id = ${projectId} and t.user_id = ${userId} group by s.name`),
    warmFilesHoldingUsers(db, projectId, "scores", [userId], root),
  ]);
  let warm: Part[] = [];
  if (files.length) {
    const [hotTraces, rows] = await Promise.all([
      q<{ id: string }>(sql`select id from traces where project_id = ${projectId} and user_id = ${userId}`),
      withDuckDb(async (conn) =>
        (
          await conn.runAndReadAll(`
            select trace_id, name, count(*) as n, sum(value) as total, count(value) as valued
            from (select distinct on (id) id, trace_id, name, value from ${readParquet(files)} where user_id = ${literal(userId)})
            group by 1, 2`)
        ).getRowObjectsJS() as unknown as Part[],
      ),
    ]);
    const hotIds = new Set(hotTraces.map((t) => t.id));
    warm = rows.filter((r) => !hotIds.has(String(r.trace_id)));
  }
  const byName = new Map<string, { count: number; total: number; valued: number }>();
  for (const r of [...hot, ...warm]) {
    const s = byName.get(r.name) ?? { count: 0, total: 0, valued: 0 };
    s.count += Number(r.n);
    s.total += Number(r.total ?? 0);
    s.valued += Number(r.valued);
    byName.set(r.name, s);
  }
  return [...byName]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, s]) => ({ name, count: s.count, mean: s.valued ? s.total / s.valued : null }));
}
