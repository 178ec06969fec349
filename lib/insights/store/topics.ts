// Conversation topics' reads and writes: each conversation's first user message with its cost, feedback and
// sentiment (the job's input), the latest stored run, and the examples' text read back from the traces when shown.
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { insightTopicRuns, insightTopics } from "@/db/schema";
import { userTexts } from "@/lib/traces/user-text";
import type { ConversationRow, TopicRun } from "../topics/compute";
import type { Window } from "./suggestion-inputs";

const num = (x: unknown) => Number(x ?? 0);

/**
 * End-user feedback per trace of the CTE `t` (columns id): scores the product sent (source api), numeric or boolean.
 * A score name whose values in the range go above 1 is a 1-5 rating (satisfied at 4 or more); otherwise it is on a
 * 0-1 scale, thumbs included (satisfied at 0.5 or more). Values outside [0, 5] (e.g. an NPS) are left out.
 * Columns: trace_id, rated, satisfied, up, down (thumbs: boolean scores).
 */
export const FEEDBACK_PER_TRACE = (projectId: string) => sql`
  select f.trace_id, count(*)::int as rated,
    count(*) filter (where case when sc.five then f.value >= 4 else f.value >= 0.5 end)::int as satisfied,
    count(*) filter (where f.data_type = 'boolean' and f.value = 1)::int as up, count(*) filter (where f.data_type = 'boolean' and f.value = 0)::int as down
  from (select s.trace_id, s.name, s.value, s.data_type from scores s join t on t.id = s.trace_id
        where s.project_id = ${projectId} and s.source = 'api' and s.data_type in ('numeric', 'boolean') and s.value between 0 and 5) f
  join (select s.name, max(s.value) > 1 as five from scores s join t on t.id = s.trace_id
        where s.project_id = ${projectId} and s.source = 'api' and s.data_type in ('numeric', 'boolean') and s.value between 0 and 5 group by s.name) sc on sc.name = f.name
  group by f.trace_id`;

/** The user's first words in a trace: its root input, else its first model call's input. */
export const FIRST_INPUTS = (projectId: string, traceId: ReturnType<typeof sql>) => sql`
  (select o.input from observations o where o.project_id = ${projectId} and o.trace_id = ${traceId} and o.parent_observation_id is null
    order by o.start_time, o.id limit 1) as root_input,
  (select o.input from observations o where o.project_id = ${projectId} and o.trace_id = ${traceId} and o.type = 'generation'
    order by o.start_time, o.id limit 1) as generation_input`;

export function firstUserText(row: { root_input: unknown; generation_input: unknown }): string {
  const fromRoot = userTexts(row.root_input);
  return (fromRoot.length > 0 ? fromRoot : userTexts(row.generation_input)).join("\n").trim();
}

/** Conversations (a session, or a trace without one) started in the window, most recent first, at most `limit`. */
export async function conversationRows(db: Db, projectId: string, w: Window, limit: number): Promise<ConversationRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with t as materialized (
        select id, case when session_id is null then 't:' || id else 's:' || session_id end as conv, timestamp, total_cost from traces
        where project_id = ${projectId} and timestamp >= ${w.from.toISOString()}::timestamptz and timestamp < ${w.to.toISOString()}::timestamptz),
      c as materialized (
        select conv, min(timestamp) as started, (array_agg(id order by timestamp, id))[1] as first_id, coalesce(sum(total_cost), 0)::float8 as cost
        from t group by conv order by started desc, conv limit ${limit}),
      f as (${FEEDBACK_PER_TRACE(projectId)}),
      fb as (
        select t.conv, sum(f.rated)::int as rated, sum(f.satisfied)::int as satisfied
        from t join c on c.conv = t.conv join f on f.trace_id = t.id group by t.conv),
      se as (
        select t.conv, count(ts.polarity)::int as n, coalesce(sum(ts.polarity), 0)::float8 as polarity_sum
        from t join c on c.conv = t.conv join trace_sentiment ts on ts.project_id = ${projectId} and ts.trace_id = t.id
        group by t.conv)
      select c.conv, c.started, c.first_id, c.cost, fb.rated, fb.satisfied, se.n, se.polarity_sum, ${FIRST_INPUTS(projectId, sql`c.first_id`)}
      from c left join fb on fb.conv = c.conv left join se on se.conv = c.conv
      order by c.started desc, c.conv`),
  );
  return rows.map((r) => ({
    conversationId: String(r.conv).slice(2),
    firstTraceId: String(r.first_id),
    startedAt: new Date(String(r.started)),
    text: firstUserText(r as { root_input: unknown; generation_input: unknown }),
    cost: num(r.cost),
    rated: num(r.rated),
    satisfied: num(r.satisfied),
    sentimentN: num(r.n),
    polaritySum: num(r.polarity_sum),
  }));
}

/** Replaces the project's stored topics with this run's. */
export async function saveTopicRun(db: Db, projectId: string, run: TopicRun, w: Window, now: Date) {
  await db.transaction(async (tx) => {
    await tx.delete(insightTopics).where(eq(insightTopics.projectId, projectId));
    const row = { projectId, computedAt: now, windowFrom: w.from, windowTo: w.to, conversations: run.conversations, k: run.k, silhouette: run.silhouette, embedder: run.embedder };
    await tx.insert(insightTopicRuns).values(row).onConflictDoUpdate({ target: insightTopicRuns.projectId, set: row });
    if (run.topics.length) await tx.insert(insightTopics).values(run.topics.map((t) => ({ projectId, ...t })));
  });
}

export async function latestTopicRun(db: Db, projectId: string) {
  const [run] = await db.select().from(insightTopicRuns).where(eq(insightTopicRuns.projectId, projectId));
  if (!run) return null;
  const topics = await db.select().from(insightTopics).where(eq(insightTopics.projectId, projectId)).orderBy(insightTopics.topic);
  return { run, topics };
}

/** The first user message of each trace that still exists (an erased user's traces are gone, and so is their text). */
export async function traceFirstTexts(db: Db, projectId: string, traceIds: string[]): Promise<Map<string, string>> {
  if (traceIds.length === 0) return new Map();
  const ids = sql.join(traceIds.map((id) => sql`${id}`), sql`, `);
  const rows = rowsOf<{ id: string; root_input: unknown; generation_input: unknown }>(
    await db.execute(sql`select t.id, ${FIRST_INPUTS(projectId, sql`t.id`)} from traces t where t.project_id = ${projectId} and t.id in (${ids})`),
  );
  return new Map(rows.map((r) => [r.id, firstUserText(r)]));
}
