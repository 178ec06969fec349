// Per-user churn features as of an instant (lib/insights/churn/features.ts): one pass over the user's events, traces
// and Spectrum sessions between `asOf - 28 days` and the end of the label window, each served by a
// (project_id, user_id|time) index. Only what happened before `asOf` becomes a feature; the label window
// [asOf, asOf + churnDays) only says whether the user came back.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { LOOKBACK_DAYS, type UserActivity } from "@/lib/insights/churn/features";
import { planAt } from "@/lib/users/store/plan-at";

const DAY = 86_400_000;
type Row = Record<string, unknown>;

/**
 * Users active in the 28 days before `asOf`, with their features. `labelEnd` (asOf + churnDays) is given only when
 * that instant has passed: then `activeAfter` says whether they were seen in [asOf, labelEnd), else it is null.
 */
export async function loadChurnActivity(db: Db, projectId: string, asOf: Date, labelEnd: Date | null): Promise<UserActivity[]> {
  const from = new Date(asOf.getTime() - LOOKBACK_DAYS * DAY).toISOString();
  const t = asOf.toISOString();
  const week = new Date(asOf.getTime() - 7 * DAY).toISOString();
  const until = (labelEnd ?? asOf).toISOString();
  const rows = rowsOf<Row>(
    await db.execute(sql`
      with a as (
        select user_id, timestamp as at, session_id as sid, name = 'error' as err,
          name = 'feedback' and properties->>'thumbs' = 'up' as up, name = 'feedback' and properties->>'thumbs' = 'down' as down,
          0::float8 as cost, false as spectrum
        from events where project_id = ${projectId} and user_id is not null and timestamp >= ${from}::timestamptz and timestamp < ${until}::timestamptz
        union all
        select user_id, timestamp, session_id, level = 'ERROR', false, false, total_cost, false
        from traces where project_id = ${projectId} and user_id is not null and timestamp >= ${from}::timestamptz and timestamp < ${until}::timestamptz
        union all
        select user_id, started_at, id, false, false, false, 0, true
        from spectrum_sessions where project_id = ${projectId} and started_at >= ${from}::timestamptz and started_at < ${until}::timestamptz),
      f as (
        select user_id,
          max(at) filter (where at < ${t}::timestamptz) as last_at,
          count(distinct (at at time zone 'UTC')::date) filter (where at < ${t}::timestamptz)::int as active_days,
          count(*) filter (where at < ${t}::timestamptz)::int as actions,
          count(*) filter (where at >= ${week}::timestamptz and at < ${t}::timestamptz)::int as last7,
          count(distinct sid) filter (where at < ${t}::timestamptz)::int as sessions,
          count(*) filter (where err and at < ${t}::timestamptz)::int as errors,
          count(*) filter (where up and at < ${t}::timestamptz)::int as up,
          count(*) filter (where down and at < ${t}::timestamptz)::int as down,
          coalesce(sum(cost) filter (where at < ${t}::timestamptz), 0)::float8 as cost,
          count(*) filter (where spectrum and at < ${t}::timestamptz)::int as spectrum,
          count(*) filter (where at >= ${t}::timestamptz)::int as after
        from a group by user_id),
      s as (
        select tr.user_id, avg(ts.polarity)::float8 as polarity
        from trace_sentiment ts join traces tr on tr.project_id = ts.project_id and tr.id = ts.trace_id
        where ts.project_id = ${projectId} and ts.polarity is not null
          and ts.timestamp >= ${from}::timestamptz and ts.timestamp < ${t}::timestamptz
        group by tr.user_id),
      -- Feedback is not activity (a reviewer's score is not the user coming back): thumbs given as boolean trace
      -- scores through the API (0 = down), and Spectrum ratings (-1..5; at most 2 counts as low).
      r as (
        select user_id, count(*) filter (where up)::int as up, count(*) filter (where down)::int as down,
          count(*) filter (where rated)::int as ratings, count(*) filter (where low)::int as low_ratings
        from (
          select tr.user_id, sc.value = 1 as up, sc.value = 0 as down, false as rated, false as low
          from scores sc join traces tr on tr.project_id = sc.project_id and tr.id = sc.trace_id
          where sc.project_id = ${projectId} and sc.data_type = 'boolean' and sc.source = 'api' and tr.user_id is not null
            and sc.timestamp >= ${from}::timestamptz and sc.timestamp < ${t}::timestamptz
          union all
          select user_id, false, false, rating is not null, rating <= 2
          from spectrum_feedback where project_id = ${projectId} and timestamp >= ${from}::timestamptz and timestamp < ${t}::timestamptz) x
        group by user_id)
      select f.*, s.polarity, r.up as score_up, r.down as score_down, r.ratings, r.low_ratings, least(eu.signup_at, eu.first_seen_at) as since,
        ${planAt(projectId, sql`f.user_id`, sql`${t}::timestamptz`, sql`eu.plan`)} as plan
      from f left join end_users eu on eu.project_id = ${projectId} and eu.user_id = f.user_id
        left join s on s.user_id = f.user_id
        left join r on r.user_id = f.user_id
      where f.last_at is not null
      order by f.user_id`),
  );
  const num = (v: unknown) => Number(v ?? 0);
  return rows.map((r) => {
    const lastAt = new Date(r.last_at as string).getTime();
    const since = r.since ? Math.min(new Date(r.since as string).getTime(), lastAt) : new Date(from).getTime();
    const plan = r.plan == null || r.plan === "unknown" ? null : String(r.plan);
    return {
      userId: String(r.user_id),
      daysSinceLast: (asOf.getTime() - lastAt) / DAY,
      activeDays: num(r.active_days),
      actions: num(r.actions),
      actionsLast7: num(r.last7),
      actionsPrior21: num(r.actions) - num(r.last7),
      sessions: num(r.sessions),
      errors: num(r.errors),
      thumbsUp: num(r.up) + num(r.score_up),
      thumbsDown: num(r.down) + num(r.score_down),
      ratings: num(r.ratings),
      lowRatings: num(r.low_ratings),
      sentiment: r.polarity == null ? null : Number(r.polarity),
      costUsd: num(r.cost),
      spectrumSessions: num(r.spectrum),
      plan,
      tenureDays: Math.max(0, (asOf.getTime() - since) / DAY),
      activeAfter: labelEnd ? num(r.after) > 0 : null,
    };
  });
}
