// Reads of the sentiment dashboard: the daily trend per group, frustration next to tool errors and low ratings, and
// the rank correlation between conversation sentiment and user ratings. Only analysed traces with user text count.
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { checkTimeRange, timeRangeOf, timeRangeQueryShape } from "@/lib/time-range/query";
import { coOccurrence, spearman, type CoOccurrence, type RankCorrelation } from "../stats";

export const SENTIMENT_GROUPS = ["model", "promptVersion", "name"] as const;
export type SentimentGroup = (typeof SENTIMENT_GROUPS)[number];

const blank = (v: unknown) => (v === "" ? undefined : v);

/** The window is the dashboard's one time range (`range` preset or `from`/`to`, as on every other page). */
export const sentimentDashboardQuerySchema = z
  .object({
    ...timeRangeQueryShape,
    groupBy: z.preprocess(blank, z.enum(SENTIMENT_GROUPS).default("model")),
    /** The score holding end-user ratings. */
    rating: z.preprocess(blank, z.string().trim().min(1).max(200).default("user_rating")),
    /** Ratings at or below this are low. */
    lowRating: z.preprocess(blank, z.coerce.number({ message: "must be a number" }).default(2)),
  })
  .superRefine(checkTimeRange);
export type SentimentDashboardQuery = z.output<typeof sentimentDashboardQuerySchema>;

/** Groups shown separately in the trend; the rest are summed into "other". */
const MAX_GROUPS = 8;
/** Trace ids returned per drill-down list. */
const DRILL_DOWN = 20;

const groupKey: Record<SentimentGroup, SQL> = {
  model: sql`(select o.model from observations o where o.project_id = t.project_id and o.trace_id = t.id and o.type = 'generation'
              and o.model is not null order by o.start_time, o.id limit 1)`,
  promptVersion: sql`coalesce(t.metadata->>'promptVersion', t.metadata->>'prompt_version', t.metadata->>'prompt.version')`,
  name: sql`t.name`,
};

export interface TrendPoint {
  day: string;
  group: string;
  traces: number;
  meanPolarity: number;
  negativeShare: number;
  frustratedShare: number;
}

export interface SentimentDashboard {
  from: string;
  to: string;
  groupBy: SentimentGroup;
  analysed: number;
  groups: string[];
  trend: TrendPoint[];
  toolErrors: CoOccurrence & { traceIds: string[] };
  lowRatings: CoOccurrence & { traceIds: string[]; threshold: number };
  correlation: RankCorrelation & { rating: string; points: { polarity: number; rating: number }[] };
}

function window(q: SentimentDashboardQuery, now: Date) {
  const { from, to } = timeRangeOf(q, now);
  return { from, to };
}

async function trend(db: Db, projectId: string, q: SentimentDashboardQuery, from: Date, to: Date) {
  const rows = rowsOf<{ day: string; grp: string | null; traces: number; polarity_sum: number; negative: number; frustrated: number }>(
    await db.execute(sql`
      select to_char(date_trunc('day', s.timestamp at time zone 'UTC'), 'YYYY-MM-DD') as day, ${groupKey[q.groupBy]} as grp,
        count(*)::int as traces, sum(s.polarity)::float8 as polarity_sum,
        count(*) filter (where s.label = 'negative')::int as negative, count(*) filter (where 'frustration' = any(s.detected))::int as frustrated
      from trace_sentiment s join traces t on t.project_id = s.project_id and t.id = s.trace_id
      where s.project_id = ${projectId} and s.polarity is not null and s.timestamp >= ${from.toISOString()}::timestamptz
        and s.timestamp < ${to.toISOString()}::timestamptz
      group by 1, 2 order by 1, 2`),
  );
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.grp ?? "(none)", (totals.get(r.grp ?? "(none)") ?? 0) + Number(r.traces));
  const kept = new Set([...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_GROUPS).map(([g]) => g));
  const merged = new Map<string, { day: string; group: string; traces: number; polaritySum: number; negative: number; frustrated: number }>();
  for (const r of rows) {
    const group = kept.has(r.grp ?? "(none)") ? (r.grp ?? "(none)") : "other";
    const key = `${r.day}|${group}`;
    const m = merged.get(key) ?? { day: r.day, group, traces: 0, polaritySum: 0, negative: 0, frustrated: 0 };
    m.traces += Number(r.traces);
    m.polaritySum += Number(r.polarity_sum);
    m.negative += Number(r.negative);
    m.frustrated += Number(r.frustrated);
    merged.set(key, m);
  }
  const points: TrendPoint[] = [...merged.values()].map((m) => ({
    day: m.day,
    group: m.group,
    traces: m.traces,
    meanPolarity: m.polaritySum / m.traces,
    negativeShare: m.negative / m.traces,
    frustratedShare: m.frustrated / m.traces,
  }));
  const groups = [...kept, ...(points.some((p) => p.group === "other") ? ["other"] : [])];
  return { points, groups, analysed: [...totals.values()].reduce((a, b) => a + b, 0) };
}

async function frustrationAndRatings(db: Db, projectId: string, q: SentimentDashboardQuery, from: Date, to: Date) {
  const flags = sql`
    select s.trace_id, s.timestamp, s.polarity, coalesce(t.session_id, 'trace:' || t.id) as conversation,
      'frustration' = any(s.detected) as frustrated,
      exists (select 1 from observations o where o.project_id = s.project_id and o.trace_id = s.trace_id
              and o.type = 'tool' and o.level = 'ERROR') as tool_error,
      (select avg(sc.value) from scores sc where sc.project_id = s.project_id and sc.trace_id = s.trace_id
        and sc.name = ${q.rating} and sc.value is not null)::float8 as rating
    from trace_sentiment s join traces t on t.project_id = s.project_id and t.id = s.trace_id
    where s.project_id = ${projectId} and s.polarity is not null and s.timestamp >= ${from.toISOString()}::timestamptz
      and s.timestamp < ${to.toISOString()}::timestamptz`;
  const [counts] = rowsOf<Record<string, number | string[] | null>>(
    await db.execute(sql`
      with f as materialized (${flags})
      select count(*)::int as total, count(*) filter (where frustrated)::int as frustrated,
        count(*) filter (where tool_error)::int as tool_error, count(*) filter (where frustrated and tool_error)::int as frustrated_tool_error,
        count(*) filter (where rating is not null)::int as rated, count(*) filter (where rating is not null and frustrated)::int as rated_frustrated,
        count(*) filter (where rating <= ${q.lowRating})::int as low, count(*) filter (where rating <= ${q.lowRating} and frustrated)::int as frustrated_low,
        (array_agg(trace_id order by timestamp desc, trace_id) filter (where frustrated and tool_error))[1:${DRILL_DOWN}] as tool_error_ids,
        (array_agg(trace_id order by timestamp desc, trace_id) filter (where frustrated and rating <= ${q.lowRating}))[1:${DRILL_DOWN}] as low_ids
      from f`),
  );
  const conversations = rowsOf<{ polarity: number; rating: number }>(
    await db.execute(sql`
      with f as materialized (${flags})
      select avg(polarity)::float8 as polarity, avg(rating)::float8 as rating from f
      where rating is not null group by conversation order by conversation`),
  );
  const n = (k: string) => Number(counts?.[k] ?? 0);
  const toolErrors = {
    ...coOccurrence({ total: n("total"), withCondition: n("tool_error"), frustrated: n("frustrated"), both: n("frustrated_tool_error") }),
    traceIds: (counts?.tool_error_ids as string[] | null) ?? [],
  };
  const lowRatings = {
    ...coOccurrence({ total: n("rated"), withCondition: n("low"), frustrated: n("rated_frustrated"), both: n("frustrated_low") }),
    traceIds: (counts?.low_ids as string[] | null) ?? [],
    threshold: q.lowRating,
  };
  const points = conversations.map((c) => ({ polarity: Number(c.polarity), rating: Number(c.rating) }));
  const correlation = { ...spearman(points.map((p) => p.polarity), points.map((p) => p.rating)), rating: q.rating, points: points.slice(0, 2_000) };
  return { toolErrors, lowRatings, correlation };
}

export async function sentimentDashboard(db: Db, projectId: string, q: SentimentDashboardQuery, now = new Date()): Promise<SentimentDashboard> {
  const { from, to } = window(q, now);
  const [t, f] = await Promise.all([trend(db, projectId, q, from, to), frustrationAndRatings(db, projectId, q, from, to)]);
  return { from: from.toISOString(), to: to.toISOString(), groupBy: q.groupBy, analysed: t.analysed, groups: t.groups, trend: t.points, ...f };
}
