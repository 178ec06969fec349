// Per-user aggregates for the preference profile (lib/users/profile.ts), a few grouped queries per chunk of users,
// each served by a (project_id, user_id, time) index.
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import type { ProfileInputs } from "../profile";
import { outsideRanges } from "@/lib/warehouse/store/ranges";
import { userIdTable, withDuckDb } from "@/lib/warehouse/duckdb";
import { warmFilesHoldingUsers, warmHistoryOfUsers } from "@/lib/warehouse/warm-reads";
import { userTotalsAcrossTiers, usersWarmParts, type UsersWarmParts } from "./user-totals";
import { gonePersonaScores, loadGoneTraces, warmProfileSignals, type WarmTraceContext } from "./warm-signals";

const DAY = 86_400_000;
type Row = Record<string, unknown>;

/** The trace dimension naming the persona (trace_settings.persona_dimension), default metadata key `persona`. */
export async function personaDimension(db: Db, projectId: string): Promise<string> {
  const [row] = rowsOf<{ d: string }>(await db.execute(sql`select persona_dimension as d from trace_settings where project_id = ${projectId}`));
  return row?.d ?? "persona";
}

/** The persona of a trace row `t`: the dimension's value, else the trace's name. */
export function personaOf(dimension: string): SQL {
  return sql`coalesce(nullif(t.metadata->>${dimension}, ''), t.name, '(unnamed)')`;
}

/** What the warm persona and tag reads need (warm-signals.ts); null when no warm trace file holds the users. */
async function warmTraceContext(db: Db, projectId: string, userIds: string[], warm: UsersWarmParts, root?: string): Promise<WarmTraceContext | null> {
  if (!warm.traces?.files.length) return null;
  const onWarmDays = sql`not ${outsideRanges(sql`timestamp`, warm.traces.ranges)}`;
  const [hot, scoreFiles] = await Promise.all([
    db.execute(sql`select id from traces where project_id = ${projectId} and user_id in (select jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb)) and ${onWarmDays}`),
    warmFilesHoldingUsers(db, projectId, "scores", userIds, root),
  ]);
  return { hotTraceIds: rowsOf<{ id: string }>(hot).map((r) => r.id), scoreFiles };
}

/** Per hot trace's user and persona: traces, and the sum and count of their scores in [0, 1] (satisfaction). */
const hotPersonaScores = (projectId: string, users: SQL, dimension: string) => sql`
  select t.user_id, ${personaOf(dimension)} as persona, count(distinct t.id)::int as traces,
    coalesce(sum(s.value), 0)::float8 as score_sum, count(s.value)::int as scored
  from traces t left join scores s on s.project_id = t.project_id and s.trace_id = t.id
    and s.data_type in ('numeric', 'boolean') and s.value between 0 and 1
  where t.project_id = ${projectId} and t.user_id in ${users} group by 1, 2`;

/**
 * Some users' personas with their satisfaction, as the profile reads them (loadProfileInputs): every trace still hot
 * from the hot tables, those gone past hot retention from their warm summaries with their warm scores.
 */
export async function personaScoresAcrossTiers(db: Db, projectId: string, userIds: string[], dimension: string, now: Date, root?: string) {
  if (userIds.length === 0) return new Map<string, ReturnType<typeof mergePersonas>>();
  const users = sql`(${sql.join(userIds.map((u) => sql`${u}`), sql`, `)})`;
  const traces = await warmHistoryOfUsers(db, projectId, "traces", userIds, now, root);
  const [hot, gone] = await Promise.all([
    db.execute(hotPersonaScores(projectId, users, dimension)).then((r) => rowsOf<Row>(r)),
    warmTraceContext(db, projectId, userIds, { events: null, traces }, root).then((context) =>
      context && traces
        ? withDuckDb(async (conn) => {
            await userIdTable(conn, "wanted", userIds);
            await loadGoneTraces(conn, traces, "user_id in (select user_id from wanted)", context.hotTraceIds);
            return gonePersonaScores(conn, context.scoreFiles);
          })
        : [],
    ),
  ]);
  const byUser = new Map<string, Row[]>();
  for (const r of [...hot, ...gone]) byUser.set(String(r.user_id), [...(byUser.get(String(r.user_id)) ?? []), r]);
  return new Map([...byUser].map(([u, rows]) => [u, mergePersonas(rows)]));
}

/** Rows of both tiers for the same (user, persona) as one: traces, score sums and counts added. */
function mergePersonas(rows: Row[]): { persona: string; traces: number; scoreSum: number; scored: number }[] {
  const byPersona = new Map<string, { persona: string; traces: number; scoreSum: number; scored: number }>();
  for (const r of rows) {
    const p = byPersona.get(String(r.persona)) ?? { persona: String(r.persona), traces: 0, scoreSum: 0, scored: 0 };
    p.traces += Number(r.traces ?? 0);
    p.scoreSum += Number(r.score_sum ?? 0);
    p.scored += Number(r.scored ?? 0);
    byPersona.set(p.persona, p);
  }
  return [...byPersona.values()];
}

/**
 * When part of the history is past hot retention, the lifetime counts (events, sessions, traces, cost; user-totals.ts),
 * the activity signals (hours, thumbs, the last 30 days' actions and active days, which the engagement score reads) and
 * the trace names (intents) take the days the warm tier answers from its files (warm-signals.ts) and the rest hot.
 * Personas (with satisfaction) and tags (response styles) take the traces that left the hot tables from their warm
 * summaries, each trace's scores from the warm score files, and every trace still hot from the hot tables.
 */
export async function loadProfileInputs(db: Db, projectId: string, userIds: string[], now: Date, dimension: string, root?: string): Promise<ProfileInputs[]> {
  if (userIds.length === 0) return [];
  const warm = await usersWarmParts(db, projectId, userIds, now, root);
  const warmEvents = outsideRanges(sql`timestamp`, warm.events?.ranges ?? []);
  const warmTraces = outsideRanges(sql`timestamp`, warm.traces?.ranges ?? []);
  const users = sql`(${sql.join(userIds.map((u) => sql`${u}`), sql`, `)})`;
  const since = new Date(now.getTime() - 30 * DAY).toISOString();
  const until = now.toISOString();
  const q = async (query: SQL) => rowsOf<Row>(await db.execute(query));
  const [lifetime, seen, traceTotals, personas, tags, hotNames, hotActivity, sessions, feedback, warmSignals] = await Promise.all([
    userTotalsAcrossTiers(db, projectId, userIds, warm),
    q(sql`select user_id, last_seen_at from end_users where project_id = ${projectId} and user_id in ${users}`),
    q(sql`select user_id, count(*)::int as n, coalesce(sum(total_cost), 0)::float8 as cost from traces
          where project_id = ${projectId} and user_id in ${users} group by user_id`),
    q(hotPersonaScores(projectId, users, dimension)),
    q(sql`select user_id, tag as value, count(*)::int as count from traces, unnest(tags) as tag
          where project_id = ${projectId} and user_id in ${users} group by 1, 2`),
    q(sql`select user_id, name as value, count(*)::int as count from traces
          where project_id = ${projectId} and user_id in ${users} and name is not null and ${warmTraces} group by 1, 2`),
    // Events and traces together: per UTC hour, and the last 30 days' actions and distinct active days.
    q(sql`with a as (
            select user_id, timestamp as at, name = 'feedback' and properties->>'thumbs' = 'up' as up,
              name = 'feedback' and properties->>'thumbs' = 'down' as down, true as is_event
            from events where project_id = ${projectId} and user_id in ${users} and ${warmEvents}
            union all
            select user_id, timestamp, false, false, false from traces where project_id = ${projectId} and user_id in ${users} and ${warmTraces})
          select user_id, extract(hour from at at time zone 'UTC')::int as hour, count(*)::int as n,
            count(*) filter (where is_event)::int as events,
            count(*) filter (where up)::int as up, count(*) filter (where down)::int as down,
            count(*) filter (where at >= ${since}::timestamptz and at < ${until}::timestamptz)::int as recent,
            count(*) filter (where (up or down) and at >= ${since}::timestamptz and at < ${until}::timestamptz)::int as recent_thumbs,
            array_agg(distinct (at at time zone 'UTC')::date::text) filter (where at >= ${since}::timestamptz and at < ${until}::timestamptz) as days
          from a group by 1, 2`),
    q(sql`select user_id, count(distinct sid)::int as n from (
            select user_id, session_id as sid from events where project_id = ${projectId} and user_id in ${users} and session_id is not null
            union all select user_id, session_id from traces where project_id = ${projectId} and user_id in ${users} and session_id is not null
            union all select user_id, id from spectrum_sessions where project_id = ${projectId} and user_id in ${users}) s
          group by user_id`),
    q(sql`select user_id, count(rating)::int as ratings, coalesce(sum(rating), 0)::float8 as rating_sum,
            count(comment)::int as comments,
            count(*) filter (where timestamp >= ${since}::timestamptz and timestamp < ${until}::timestamptz)::int as recent
          from spectrum_feedback where project_id = ${projectId} and user_id in ${users} group by user_id`),
    warmTraceContext(db, projectId, userIds, warm, root).then((context) => warmProfileSignals(warm, userIds, new Date(since), now, context)),
  ]);
  const activity = [...hotActivity, ...warmSignals.activity];
  const names = [...hotNames, ...warmSignals.names];
  const by = (rows: Row[]) => {
    const m = new Map<string, Row[]>();
    for (const r of rows) m.set(String(r.user_id), [...(m.get(String(r.user_id)) ?? []), r]);
    return m;
  };
  const [seenBy, totalsBy, personasBy, tagsBy, namesBy, activityBy, sessionsBy, feedbackBy] = [seen, traceTotals, [...personas, ...warmSignals.personas], [...tags, ...warmSignals.tags], names, activity, sessions, feedback].map(by);
  const num = (v: unknown) => Number(v ?? 0);
  return userIds.map((userId) => {
    const hours = new Array<number>(24).fill(0);
    const days = new Set<string>();
    let events = 0, up = 0, down = 0, recent = 0, recentThumbs = 0;
    for (const r of activityBy.get(userId) ?? []) {
      hours[num(r.hour)] += num(r.n);
      events += num(r.events);
      up += num(r.up);
      down += num(r.down);
      recent += num(r.recent);
      recentThumbs += num(r.recent_thumbs);
      for (const d of (r.days as string[] | null) ?? []) days.add(d);
    }
    const total = totalsBy.get(userId)?.[0];
    const fb = feedbackBy.get(userId)?.[0];
    const lastSeen = seenBy.get(userId)?.[0]?.last_seen_at;
    const tiers = lifetime?.get(userId);
    // A name or tag can come from both tiers: one entry with both counts.
    const counts = (rows: Row[] | undefined) => {
      const byValue = new Map<string, number>();
      for (const r of rows ?? []) byValue.set(String(r.value), (byValue.get(String(r.value)) ?? 0) + num(r.count));
      return [...byValue].map(([value, count]) => ({ value, count }));
    };
    return {
      userId,
      lastSeenAt: lastSeen ? new Date(lastSeen as string) : null,
      eventCount: tiers?.events ?? events,
      sessionCount: tiers?.sessions ?? num(sessionsBy.get(userId)?.[0]?.n),
      traceCount: tiers?.traces ?? num(total?.n),
      costUsd: tiers?.costUsd ?? num(total?.cost),
      personas: mergePersonas(personasBy.get(userId) ?? []),
      tags: counts(tagsBy.get(userId)),
      names: counts(namesBy.get(userId)),
      hours,
      feedback: { thumbsUp: up, thumbsDown: down, ratings: num(fb?.ratings), ratingSum: num(fb?.rating_sum), comments: num(fb?.comments) },
      recent: { activeDays: days.size, actions: recent, feedback: recentThumbs + num(fb?.recent) },
    };
  });
}
