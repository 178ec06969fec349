// What persona suggestions read: the first user message of each rated trace in a window, with its persona and whether
// its ratings were satisfied (at least half of them), most recent first; and one user's ratings per persona. Both
// reach past hot retention as the persona report and the user profiles do: traces gone from the hot tables from their
// warm summaries and scores, their first user message from the cold tier's raw observations (the warm tier keeps no
// payload).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { FEEDBACK_PER_TRACE, FIRST_INPUTS, firstUserText } from "@/lib/insights/store/topics";
import { windowTraces } from "@/lib/insights/store/personas";
import type { WarmPersonaWindow } from "@/lib/insights/store/warm-persona-window";
import { personaScoresAcrossTiers } from "@/lib/users/store/profile-inputs";
import { coldFirstInputs } from "@/lib/warehouse/cold-first-inputs";

export interface RatedMessage {
  persona: string;
  text: string;
  satisfied: boolean;
}

type Rated = { id: string; persona: string; satisfied: boolean; root_input: unknown; generation_input: unknown };

/** `warm`: the window's traces gone past hot retention (warmPersonaWindow), null when the hot tables hold them all. */
export async function ratedMessages(db: Db, projectId: string, dimension: string, w: { from: Date; to: Date }, limit: number, warm: WarmPersonaWindow | null = null): Promise<RatedMessage[]> {
  const rows = rowsOf<Rated>(
    await db.execute(sql`
      with fb as (${FEEDBACK_PER_TRACE(projectId, w, warm)}),
      t as (
        select t.id, t.timestamp, t.persona, fb.satisfied * 2 >= fb.rated as satisfied
        from (${windowTraces(projectId, dimension, w, warm)}) t join fb on fb.trace_id = t.id
        order by t.timestamp desc, t.id limit ${limit})
      select t.id, t.persona, t.satisfied, ${FIRST_INPUTS(projectId, sql`t.id`)} from t`),
  );
  // A gone trace's observations are in the cold tier only.
  const goneAt = new Map(warm?.traces.map((g) => [g.id, new Date(g.timestamp)]) ?? []);
  const gone = rows.filter((r) => goneAt.has(r.id));
  if (gone.length) {
    const cold = await coldFirstInputs(db, projectId, gone.map((r) => ({ traceId: r.id, timestamp: goneAt.get(r.id)! })));
    for (const r of gone) Object.assign(r, cold.get(r.id) ?? {});
  }
  return rows.map((r) => ({ persona: String(r.persona), satisfied: Boolean(r.satisfied), text: firstUserText(r) })).filter((r) => r.text.length > 0);
}

/** One user's ratings per persona (scores in [0, 1] on their traces), over both tiers as their profile reads them. */
export async function userPersonaRatings(db: Db, projectId: string, userId: string, dimension: string, now = new Date()) {
  const personas = (await personaScoresAcrossTiers(db, projectId, [userId], dimension, now)).get(userId) ?? [];
  return personas.filter((p) => p.scored > 0).map(({ persona, scoreSum, scored }) => ({ persona, scoreSum, scored }));
}
