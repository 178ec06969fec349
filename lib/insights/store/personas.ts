// The persona report's aggregates over a range: traces and user feedback per persona × UTC hour, conversations with
// their cost and first-to-last sentiment, and next-week return of each persona's main users. The persona of a trace is
// the project's persona dimension (trace_settings.persona_dimension), else its name (lib/users' rule). A range reaching
// past hot retention reads the traces gone from the hot tables from the warm tier (warm-persona-window.ts); trace
// sentiment, derived and kept hot, is read hot for every trace.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { personaDimension, personaOf } from "@/lib/users/store/profile-inputs";
import type { PersonaInputs } from "../personas/types";
import type { Window } from "./suggestion-inputs";
import { FEEDBACK_PER_TRACE } from "./topics";
import { goneTracesRelation, warmPersonaWindow, type WarmPersonaWindow } from "./warm-persona-window";

const num = (x: unknown) => Number(x ?? 0);
type Row = Record<string, unknown>;

/** The window's traces of both tiers: (id, user_id, timestamp, total_cost, persona, conv). */
export function windowTraces(projectId: string, dimension: string, w: Window, warm: WarmPersonaWindow | null) {
  const conv = (t: string) => sql.raw(`case when ${t}.session_id is null then 't:' || ${t}.id else 's:' || ${t}.session_id end`);
  return sql`
    select t.id, t.user_id, t.timestamp, t.total_cost, ${personaOf(dimension)} as persona, ${conv("t")} as conv
    from traces t where t.project_id = ${projectId} and t.timestamp >= ${w.from.toISOString()}::timestamptz and t.timestamp < ${w.to.toISOString()}::timestamptz
    ${warm ? sql`union all select g.id, g.user_id, g.timestamp, g.total_cost, g.persona, ${conv("g")} from ${goneTracesRelation(warm)}` : sql``}`;
}

export async function personaInputs(db: Db, projectId: string, w: Window, now = new Date(), warmPart?: WarmPersonaWindow | null): Promise<PersonaInputs> {
  const dimension = await personaDimension(db, projectId);
  const from = w.from.toISOString();
  const to = w.to.toISOString();
  const warm = warmPart === undefined ? await warmPersonaWindow(db, projectId, w, now) : warmPart;
  const t = windowTraces(projectId, dimension, w, warm);
  const q = async (query: ReturnType<typeof sql>) => rowsOf<Row>(await db.execute(query));
  // Three independent reads: on PostgreSQL they run side by side (each parses the warm part's JSON once).
  const [hours, conversations, retention] = await Promise.all([
    q(sql`
    with t as (${t}),
    fb as (${FEEDBACK_PER_TRACE(projectId, w, warm)})
    select t.persona, extract(hour from t.timestamp at time zone 'UTC')::int as hour, count(*)::int as traces,
      coalesce(sum(fb.rated), 0)::int as rated, coalesce(sum(fb.satisfied), 0)::int as satisfied,
      coalesce(sum(fb.up), 0)::int as up, coalesce(sum(fb.down), 0)::int as down
    from t left join fb on fb.trace_id = t.id group by 1, 2 order by 1, 2`),
    // A conversation belongs to the persona of its first trace; its sentiment change is its last analysed turn's
    // polarity minus its first's (conversations with fewer than two analysed turns have none).
    q(sql`
    with t as (${t}),
    c as (select conv, (array_agg(persona order by timestamp, id))[1] as persona, coalesce(sum(total_cost), 0)::float8 as cost from t group by conv),
    s as (
      select t.conv, count(*) as n,
        (array_agg(ts.polarity order by t.timestamp, t.id))[1] as first_p, (array_agg(ts.polarity order by t.timestamp desc, t.id desc))[1] as last_p
      from t join (select trace_id, polarity from trace_sentiment where project_id = ${projectId} and polarity is not null
        and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz) ts on ts.trace_id = t.id group by t.conv)
    select c.persona, count(*)::int as conversations, sum(c.cost)::float8 as cost,
      count(*) filter (where s.n >= 2)::int as sentiment_conversations, coalesce(sum(s.last_p - s.first_p) filter (where s.n >= 2), 0)::float8 as change_sum
    from c left join s on s.conv = c.conv group by c.persona`),
    // A user's persona is the one most of their traces in the range used (ties: alphabetical); they returned when they
    // have any trace 7 to 14 days after their first trace in the range, known only when that second week has ended
    // (so the range's traces hold every return that counts).
    q(sql`
    with t as (${t}),
    u as (select user_id, persona, count(*) as n from t where user_id is not null group by 1, 2),
    main as (select distinct on (user_id) user_id, persona from u order by user_id, n desc, persona),
    f as (select user_id, min(timestamp) as first from t where user_id is not null group by user_id),
    r as (select distinct f.user_id from f join t x on x.user_id = f.user_id
      and x.timestamp >= f.first + interval '7 days' and x.timestamp < f.first + interval '14 days'),
    e as (
      select main.persona, f.user_id, f.first + interval '14 days' <= ${to}::timestamptz as eligible, r.user_id is not null as returned
      from main join f on f.user_id = main.user_id left join r on r.user_id = f.user_id)
    select persona, count(*)::int as users, count(*) filter (where eligible)::int as eligible, count(*) filter (where eligible and returned)::int as returned
    from e group by persona`),
  ]);
  return {
    from: w.from,
    to: w.to,
    dimension,
    hours: hours.map((r) => ({ persona: String(r.persona), hour: num(r.hour), traces: num(r.traces), rated: num(r.rated), satisfied: num(r.satisfied), thumbsUp: num(r.up), thumbsDown: num(r.down) })),
    conversations: conversations.map((r) => ({
      persona: String(r.persona),
      conversations: num(r.conversations),
      cost: num(r.cost),
      sentimentConversations: num(r.sentiment_conversations),
      sentimentChangeSum: num(r.change_sum),
    })),
    retention: retention.map((r) => ({ persona: String(r.persona), users: num(r.users), eligible: num(r.eligible), returned: num(r.returned) })),
  };
}
