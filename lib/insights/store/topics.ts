// Conversation topics' reads and writes: each conversation's first user message with its cost, feedback and
// sentiment (the job's input), the latest stored run, and the examples' text read back from the traces when shown.
import { eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { insightTopicRuns, insightTopics } from "@/db/schema";
import { userTexts } from "@/lib/traces/user-text";
import type { ConversationRow, TopicRun } from "../topics/compute";
import type { Window } from "./suggestion-inputs";
import { goneFeedbackRelation, type WarmPersonaWindow } from "./warm-persona-window";

const num = (x: unknown) => Number(x ?? 0);

/**
 * End-user feedback per trace started in the window: scores the product sent (source api), numeric or boolean. A
 * score name whose values there go above 1 is a 1-5 rating (satisfied at 4 or more); otherwise it is on a 0-1 scale,
 * thumbs included (satisfied at 0.5 or more). Values outside [0, 5] (e.g. an NPS) are left out.
 * Columns: trace_id, rated, satisfied, up, down (thumbs: boolean scores). With `warm`, the feedback of the window's traces
 * gone past hot retention too (warm-persona-window.ts). Joins the real tables (not a CTE), so the
 * planner has statistics: over a materialised CTE PGlite picked nested loops and took a minute on the demo.
 */
export const FEEDBACK_PER_TRACE = (projectId: string, w: Window, warm: WarmPersonaWindow | null = null) => sql`
  with f as materialized (
    select s.trace_id, s.name, s.value, s.data_type from traces t
    join scores s on s.project_id = t.project_id and s.trace_id = t.id
    where t.project_id = ${projectId} and t.timestamp >= ${w.from.toISOString()}::timestamptz and t.timestamp < ${w.to.toISOString()}::timestamptz
      and s.source = 'api' and s.data_type in ('numeric', 'boolean') and s.value between 0 and 5
    ${warm ? sql`union all select g.trace_id, g.name, g.value, g.data_type from ${goneFeedbackRelation(warm)}` : sql``}),
  sc as (select name, max(value) > 1 as five from f group by name)
  select f.trace_id, count(*)::int as rated,
    count(*) filter (where case when sc.five then f.value >= 4 else f.value >= 0.5 end)::int as satisfied,
    count(*) filter (where f.data_type = 'boolean' and f.value = 1)::int as up, count(*) filter (where f.data_type = 'boolean' and f.value = 0)::int as down
  from f join sc on sc.name = f.name group by f.trace_id`;

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
  const from = w.from.toISOString();
  const to = w.to.toISOString();
  // Three plain reads aggregated here: predictable plans on PGlite and PostgreSQL alike.
  const traceRows = rowsOf<{ id: string; session_id: string | null; timestamp: string; total_cost: unknown }>(
    await db.execute(sql`select id, session_id, timestamp, total_cost from traces
      where project_id = ${projectId} and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz order by timestamp, id`),
  );
  const feedback = new Map(rowsOf<Record<string, unknown>>(await db.execute(FEEDBACK_PER_TRACE(projectId, w))).map((r) => [String(r.trace_id), r]));
  const polarity = new Map(
    rowsOf<{ trace_id: string; polarity: unknown }>(
      await db.execute(sql`select trace_id, polarity from trace_sentiment where project_id = ${projectId} and polarity is not null
        and timestamp >= ${from}::timestamptz and timestamp < ${to}::timestamptz`),
    ).map((r) => [r.trace_id, num(r.polarity)]),
  );
  const conversations = new Map<string, ConversationRow>();
  for (const t of traceRows) {
    const key = t.session_id === null ? `t:${t.id}` : `s:${t.session_id}`;
    let c = conversations.get(key);
    if (!c) {
      // Traces come in time order: the first one seen starts the conversation.
      c = { conversationId: t.session_id ?? t.id, firstTraceId: t.id, startedAt: new Date(t.timestamp), text: "", cost: 0, rated: 0, satisfied: 0, sentimentN: 0, polaritySum: 0 };
      conversations.set(key, c);
    }
    c.cost += num(t.total_cost);
    const f = feedback.get(t.id);
    if (f) [c.rated, c.satisfied] = [c.rated + num(f.rated), c.satisfied + num(f.satisfied)];
    const p = polarity.get(t.id);
    if (p !== undefined) [c.sentimentN, c.polaritySum] = [c.sentimentN + 1, c.polaritySum + p];
  }
  const recent = [...conversations.values()].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || a.firstTraceId.localeCompare(b.firstTraceId)).slice(0, limit);
  const texts = await traceFirstTexts(db, projectId, recent.map((c) => c.firstTraceId));
  for (const c of recent) c.text = texts.get(c.firstTraceId) ?? "";
  return recent;
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
  const out = new Map<string, string>();
  for (let i = 0; i < traceIds.length; i += 1000) {
    const ids = sql.join(traceIds.slice(i, i + 1000).map((id) => sql`${id}`), sql`, `);
    const rows = rowsOf<{ id: string; root_input: unknown; generation_input: unknown }>(
      await db.execute(sql`select t.id, ${FIRST_INPUTS(projectId, sql`t.id`)} from traces t where t.project_id = ${projectId} and t.id in (${ids})`),
    );
    for (const r of rows) out.set(r.id, firstUserText(r));
  }
  return out;
}
