// Member engagement with Spectrum (page views, feed opens, insight expands, teaser views, controls used) and the
// admin analytics built on it: engagement counts, teaser-to-upgrade conversion, retention of Spectrum users vs others.
// Only kinds and timestamps are stored, never text.
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { endUsers, spectrumEngagementEvents, spectrumEngagementKinds } from "@/db/schema";

export type EngagementKind = (typeof spectrumEngagementKinds)[number];

/** Kinds the member page reports itself; resets and exclusions are recorded by their routes. */
export const engagementInputSchema = z.object({ kind: z.enum(["page_view", "feed_open", "insight_expand", "teaser_view"]) });

/** The event name (in `events`) that records an end user's upgrade to a paid plan. */
export const PLAN_UPGRADED_EVENT = "plan_upgraded";
export const RETENTION_WEEKS = [1, 2, 3, 4] as const;

export async function recordEngagement(db: Db, projectId: string, userId: string, kind: EngagementKind, at = new Date()) {
  await db.insert(spectrumEngagementEvents).values({ projectId, userId, kind, occurredAt: at });
}

/** The end user's plan from `end_users`, or null when the product never sent one. */
export async function endUserPlan(db: Db, projectId: string, userId: string): Promise<string | null> {
  const [row] = await db.select({ plan: endUsers.plan }).from(endUsers).where(and(eq(endUsers.projectId, projectId), eq(endUsers.userId, userId))).limit(1);
  return row?.plan ?? null;
}

export interface RetentionPoint {
  week: number;
  spectrum: { eligible: number; retained: number; share: number | null };
  others: { eligible: number; retained: number; share: number | null };
}

export interface SpectrumEngagement {
  since: string;
  /** The window's exclusive end. */
  until: string;
  byKind: { kind: EngagementKind; events: number; users: number }[];
  teaser: { viewers: number; upgraded: number; conversion: number | null };
  retention: RetentionPoint[];
}

/**
 * - byKind: events and distinct members per kind over the window (the dashboard's time range).
 * - teaser: members who saw the paid deep-dive teaser in the same window (byKind's teaser_view members: one window
 *   for the whole page, so the table and the conversion card count the same people), and those of them with a
 *   `plan_upgraded` event after their first teaser view in the window.
 * - retention: among end users whose first session (Spectrum session or `session_started` event) is at least N+1 weeks old, the share active (a session
 *   or a product event) in week N after it; Spectrum users are those who opened their Spectrum page at least once.
 */
export async function spectrumEngagement(db: Db, projectId: string, window: { from: Date; to: Date }, now = new Date()): Promise<SpectrumEngagement> {
  const since = window.from;
  const e = spectrumEngagementEvents;
  const kinds = await db
    .select({ kind: e.kind, events: sql<number>`count(*)`.mapWith(Number), users: sql<number>`count(distinct ${e.userId})`.mapWith(Number) })
    .from(e)
    .where(and(eq(e.projectId, projectId), gte(e.occurredAt, since), lt(e.occurredAt, window.to)))
    .groupBy(e.kind);
  const byKind = spectrumEngagementKinds.map((kind) => kinds.find((k) => k.kind === kind) ?? { kind, events: 0, users: 0 });

  const [teaser] = rowsOf<{ viewers: number; upgraded: number }>(
    await db.execute(sql`
      with viewers as (
        select user_id, min(occurred_at) as first_seen from spectrum_engagement_events
        where project_id = ${projectId} and kind = 'teaser_view' and occurred_at >= ${since.toISOString()}::timestamptz
          and occurred_at < ${window.to.toISOString()}::timestamptz group by user_id
      )
      select count(*)::int as viewers,
             count(*) filter (where exists (
               select 1 from events ev where ev.project_id = ${projectId} and ev.user_id = v.user_id
                 and ev.name = ${PLAN_UPGRADED_EVENT} and ev.timestamp >= v.first_seen))::int as upgraded
      from viewers v`),
  );

  const retentionRows = rowsOf<{ week: number; spectrum: boolean; eligible: number; retained: number }>(
    await db.execute(sql`
      with sessions_started as (
        select user_id, started_at as at from spectrum_sessions where project_id = ${projectId}
        union all
        select user_id, timestamp as at from events where project_id = ${projectId} and user_id is not null and name = 'session_started'
      ),
      firsts as (select user_id, min(at) as first_at from sessions_started group by user_id),
      activity as (
        select user_id, started_at as at from spectrum_sessions where project_id = ${projectId}
        union all
        select user_id, timestamp as at from events where project_id = ${projectId} and user_id is not null
      ),
      cohort as (
        select f.user_id, w.n,
               exists (select 1 from spectrum_engagement_events s where s.project_id = ${projectId} and s.user_id = f.user_id and s.kind = 'page_view') as spectrum,
               exists (select 1 from activity a where a.user_id = f.user_id
                         and a.at >= f.first_at + w.n * interval '7 days' and a.at < f.first_at + (w.n + 1) * interval '7 days') as retained
        from firsts f cross join (select generate_series(1, ${RETENTION_WEEKS.length}) as n) w
        where f.first_at + (w.n + 1) * interval '7 days' <= ${now.toISOString()}::timestamptz
      )
      select n as week, spectrum, count(*)::int as eligible, sum(case when retained then 1 else 0 end)::int as retained
      from cohort group by n, spectrum order by n, spectrum`),
  );
  const cell = (week: number, spectrum: boolean) => {
    const r = retentionRows.find((x) => Number(x.week) === week && x.spectrum === spectrum);
    const eligible = Number(r?.eligible ?? 0);
    const retained = Number(r?.retained ?? 0);
    return { eligible, retained, share: eligible > 0 ? retained / eligible : null };
  };
  const viewers = Number(teaser?.viewers ?? 0);
  const upgraded = Number(teaser?.upgraded ?? 0);
  return {
    since: since.toISOString(),
    until: window.to.toISOString(),
    byKind,
    teaser: { viewers, upgraded, conversion: viewers > 0 ? upgraded / viewers : null },
    retention: RETENTION_WEEKS.map((week) => ({ week, spectrum: cell(week, true), others: cell(week, false) })),
  };
}
