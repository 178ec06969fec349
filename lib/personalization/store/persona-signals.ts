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
