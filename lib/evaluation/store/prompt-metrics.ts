// What each prompt version did in production: traces linked to it through `prompt.name`/`prompt.version` (flat keys,
// or a nested `prompt` object) on the trace's metadata or on any of its observations (span attributes land there):
// volume, latency, cost, errors, scores and the end users' sentiment.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

export interface PromptVersionMetrics {
  version: string;
  traces: number;
  avgLatencyMs: number | null;
  p95LatencyMs: number | null;
  avgCostUsd: number | null;
  totalCostUsd: number;
  errorRate: number;
  scores: { name: string; mean: number; n: number }[];
  /** End-user sentiment of the linked traces (the sentiment job's polarity in [-1, 1]); n counts traces with user text. */
  sentiment: { mean: number | null; n: number; negativeShare: number | null };
}

/** Production figures per version over the last `days` days (the window bounds the scan of observations). */
export async function promptVersionMetrics(db: Db, projectId: string, name: string, now: Date, days = 30): Promise<PromptVersionMetrics[]> {
  // An ISO string with a cast: postgres.js does not bind a Date inside a raw sql fragment.
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const linked = sql`
    with linked as (
      select t.id, coalesce(t.metadata->>'prompt.version', t.metadata#>>'{prompt,version}') as version
      from traces t
      where t.project_id = ${projectId} and t.timestamp >= ${since}::timestamptz
        and coalesce(t.metadata->>'prompt.name', t.metadata#>>'{prompt,name}') = ${name}
      union
      select o.trace_id, coalesce(o.metadata->>'prompt.version', o.metadata#>>'{prompt,version}')
      from observations o
      where o.project_id = ${projectId} and o.start_time >= ${since}::timestamptz
        and coalesce(o.metadata->>'prompt.name', o.metadata#>>'{prompt,name}') = ${name}
    ), one as (select distinct on (id) id, version from linked where version is not null order by id, version)`;
  const [totals, scores] = await Promise.all([
    db.execute(sql`${linked}
      select one.version, count(*)::int as traces, avg(t.latency_ms) as avg_latency,
        percentile_cont(0.95) within group (order by t.latency_ms) as p95_latency,
        avg(t.total_cost) as avg_cost, coalesce(sum(t.total_cost), 0) as total_cost,
        avg(case when t.level = 'ERROR' then 1.0 else 0.0 end) as error_rate,
        avg(ts.polarity) as sentiment_mean, count(ts.polarity)::int as sentiment_n,
        avg(case when ts.polarity is null then null when ts.label = 'negative' then 1.0 else 0.0 end) as negative_share
      from one join traces t on t.project_id = ${projectId} and t.id = one.id
        left join trace_sentiment ts on ts.project_id = ${projectId} and ts.trace_id = one.id
      group by one.version`),
    db.execute(sql`${linked}
      select one.version, s.name, avg(s.value) as mean, count(*)::int as n
      from one join scores s on s.project_id = ${projectId} and s.trace_id = one.id
      where s.value is not null
      group by one.version, s.name order by s.name`),
  ]);
  const byVersion = new Map<string, PromptVersionMetrics>();
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  for (const r of rowsOf<Record<string, unknown>>(totals)) {
    byVersion.set(String(r.version), {
      version: String(r.version),
      traces: Number(r.traces),
      avgLatencyMs: num(r.avg_latency),
      p95LatencyMs: num(r.p95_latency),
      avgCostUsd: num(r.avg_cost),
      totalCostUsd: Number(r.total_cost),
      errorRate: Number(r.error_rate),
      scores: [],
      sentiment: { mean: num(r.sentiment_mean), n: Number(r.sentiment_n), negativeShare: num(r.negative_share) },
    });
  }
  for (const r of rowsOf<Record<string, unknown>>(scores)) {
    byVersion.get(String(r.version))?.scores.push({ name: String(r.name), mean: Number(r.mean), n: Number(r.n) });
  }
  return [...byVersion.values()].sort((a, b) => Number(b.version) - Number(a.version));
}
