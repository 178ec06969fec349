// What persona suggestions read: the first user message of each rated trace in a window, with its persona and whether
// its ratings were satisfied (at least half of them), most recent first.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { FEEDBACK_PER_TRACE, FIRST_INPUTS, firstUserText } from "@/lib/insights/store/topics";
import { personaOf } from "@/lib/users/store/profile-inputs";

export interface RatedMessage {
  persona: string;
  text: string;
  satisfied: boolean;
}

export async function ratedMessages(db: Db, projectId: string, dimension: string, w: { from: Date; to: Date }, limit: number): Promise<RatedMessage[]> {
  const rows = rowsOf<{ persona: string; satisfied: boolean; root_input: unknown; generation_input: unknown }>(
    await db.execute(sql`
      with fb as (${FEEDBACK_PER_TRACE(projectId, w)}),
      t as (
        select t.id, t.timestamp, ${personaOf(dimension)} as persona, fb.satisfied * 2 >= fb.rated as satisfied
        from traces t join fb on fb.trace_id = t.id
        where t.project_id = ${projectId} and t.timestamp >= ${w.from.toISOString()}::timestamptz and t.timestamp < ${w.to.toISOString()}::timestamptz
        order by t.timestamp desc, t.id limit ${limit})
      select t.persona, t.satisfied, ${FIRST_INPUTS(projectId, sql`t.id`)} from t`),
  );
  return rows.map((r) => ({ persona: String(r.persona), satisfied: Boolean(r.satisfied), text: firstUserText(r) })).filter((r) => r.text.length > 0);
}

/** One user's ratings per persona (scores in [0, 1] on their traces): one indexed query. */
export async function userPersonaRatings(db: Db, projectId: string, userId: string, dimension: string) {
  const rows = rowsOf<{ persona: string; score_sum: number; scored: number }>(
    await db.execute(sql`
      select ${personaOf(dimension)} as persona, coalesce(sum(s.value), 0)::float8 as score_sum, count(s.value)::int as scored
      from traces t join scores s on s.project_id = t.project_id and s.trace_id = t.id
        and s.data_type in ('numeric', 'boolean') and s.value between 0 and 1
      where t.project_id = ${projectId} and t.user_id = ${userId} group by 1`),
  );
  return rows.map((r) => ({ persona: String(r.persona), scoreSum: Number(r.score_sum), scored: Number(r.scored) }));
}
