// The aggregates the suggestion rules read (lib/insights/suggestions): per-trace-name model cost and quality, scores
// per prompt version, sentiment after observation failures, running experiments' stored results, cohorts' activity.
import { and, desc, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { experimentResults, experiments } from "@/db/schema";
import type { ErrorSentimentRow, ExperimentSnapshotRow, ModelQualityRow, PromptVersionRow } from "../suggestions/types";

export interface Window {
  from: Date;
  to: Date;
}

const num = (x: unknown) => Number(x ?? 0);

/** Score names with numeric values (numeric and boolean scores), averaged per trace first so a trace counts once. */
const traceScores = (projectId: string, w: Window) => sql`
  select s.trace_id, s.name, avg(s.value) as v from scores s
  where s.project_id = ${projectId} and s.value is not null and s.data_type in ('numeric', 'boolean')
    and s.timestamp >= ${w.from.toISOString()}::timestamptz - interval '1 day' and s.timestamp < ${w.to.toISOString()}::timestamptz + interval '1 day'
  group by s.trace_id, s.name`;

/** Per trace name × model: traces that used that one chat model (traces mixing models are left out), cost and scores. */
export async function modelQualityRows(db: Db, projectId: string, w: Window): Promise<ModelQualityRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with t as (
        select id, name, total_cost from traces
        where project_id = ${projectId} and name is not null and timestamp >= ${w.from.toISOString()}::timestamptz and timestamp < ${w.to.toISOString()}::timestamptz),
      m as (
        select o.trace_id, min(o.model) as model from observations o join t on t.id = o.trace_id
        where o.project_id = ${projectId} and o.type = 'generation' and o.model is not null
        group by o.trace_id having count(distinct o.model) = 1),
      costs as (select t.name, m.model, count(*) as traces, avg(t.total_cost) as mean_cost from t join m on m.trace_id = t.id group by t.name, m.model),
      s as (${traceScores(projectId, w)})
      select t.name as trace_name, m.model, s.name as score_name, c.traces, c.mean_cost,
        count(*) as scored, avg(s.v) as score_mean, coalesce(var_samp(s.v), 0) as score_variance
      from t join m on m.trace_id = t.id join s on s.trace_id = t.id join costs c on c.name = t.name and c.model = m.model
      group by t.name, m.model, s.name, c.traces, c.mean_cost
      order by 1, 2, 3`),
  );
  return rows.map((r) => ({
    traceName: String(r.trace_name),
    model: String(r.model),
    scoreName: String(r.score_name),
    traces: num(r.traces),
    meanCost: num(r.mean_cost),
    scored: num(r.scored),
    scoreMean: num(r.score_mean),
    scoreVariance: num(r.score_variance),
  }));
}

/** Per trace name × prompt version (metadata prompt_version / promptVersion, else the trace's version) × score name. */
export async function promptVersionRows(db: Db, projectId: string, w: Window): Promise<PromptVersionRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with t as (
        select id, name, timestamp, coalesce(metadata->>'prompt_version', metadata->>'promptVersion', version) as v from traces
        where project_id = ${projectId} and name is not null and timestamp >= ${w.from.toISOString()}::timestamptz and timestamp < ${w.to.toISOString()}::timestamptz),
      s as (${traceScores(projectId, w)})
      select t.name as trace_name, t.v as version, s.name as score_name,
        to_char(min(t.timestamp) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as first_seen,
        count(*) as n, avg(s.v) as mean, coalesce(var_samp(s.v), 0) as variance
      from t join s on s.trace_id = t.id where t.v is not null
      group by t.name, t.v, s.name order by 1, 2, 3`),
  );
  return rows.map((r) => ({
    traceName: String(r.trace_name),
    version: String(r.version),
    scoreName: String(r.score_name),
    firstSeen: String(r.first_seen),
    n: num(r.n),
    mean: num(r.mean),
    variance: num(r.variance),
  }));
}

/**
 * Per observation name: its traces split by whether it failed (level ERROR), and how many of each were followed by
 * negative sentiment: the trace's own (its feedback comments included) or the user's next trace in the same session.
 * Only traces where sentiment was measured on one of the two count.
 */
export async function errorSentimentRows(db: Db, projectId: string, w: Window): Promise<ErrorSentimentRow[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with t as (
        select tr.id, tr.session_id, tr.timestamp, ts.label from traces tr
        left join trace_sentiment ts on ts.project_id = tr.project_id and ts.trace_id = tr.id
        where tr.project_id = ${projectId} and tr.timestamp >= ${w.from.toISOString()}::timestamptz and tr.timestamp < ${w.to.toISOString()}::timestamptz),
      nx as (
        select id, label, case when session_id is null then null else lead(label) over (partition by session_id order by timestamp, id) end as next_label from t),
      outcome as materialized (
        select id, coalesce(label = 'negative', false) or coalesce(next_label = 'negative', false) as negative from nx
        where label is not null or next_label is not null),
      o as materialized (
        select o.trace_id, o.name, bool_or(o.level = 'ERROR') as failed from observations o
        where o.project_id = ${projectId} and o.start_time >= ${w.from.toISOString()}::timestamptz and o.start_time < ${w.to.toISOString()}::timestamptz
        group by o.trace_id, o.name)
      select o.name,
        count(*) filter (where o.failed) as failed_traces, count(*) filter (where o.failed and outcome.negative) as failed_negative,
        count(*) filter (where not o.failed) as ok_traces, count(*) filter (where not o.failed and outcome.negative) as ok_negative
      from o join outcome on outcome.id = o.trace_id
      group by o.name having count(*) filter (where o.failed) > 0 order by 1`),
  );
  return rows.map((r) => ({
    observationName: String(r.name),
    failedTraces: num(r.failed_traces),
    failedNegative: num(r.failed_negative),
    okTraces: num(r.ok_traces),
    okNegative: num(r.ok_negative),
  }));
}

/** Running experiments with stored results (the results job's latest snapshot). */
export async function runningExperimentSnapshots(db: Db, projectId: string): Promise<ExperimentSnapshotRow[]> {
  return db
    .select({ id: experiments.id, key: experiments.key, name: experiments.name, snapshot: experimentResults.snapshot })
    .from(experimentResults)
    .innerJoin(experiments, eq(experiments.id, experimentResults.experimentId))
    .where(and(eq(experimentResults.projectId, projectId), eq(experiments.projectId, projectId), eq(experiments.status, "running")))
    .orderBy(desc(experimentResults.computedAt));
}

/** The project's most frequent event name in the window: the activity the cohort return rule counts. */
export async function mostFrequentEvent(db: Db, projectId: string, w: Window): Promise<string | null> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`
      select name from events where project_id = ${projectId} and user_id is not null
        and timestamp >= ${w.from.toISOString()}::timestamptz and timestamp < ${w.to.toISOString()}::timestamptz
      group by name order by count(*) desc, name limit 1`),
  );
  return rows[0]?.name ?? null;
}
