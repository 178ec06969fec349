// The online evaluation job's work for one rule: walk the project's traces after the rule's cursor (keyset on
// timestamp, id), keep those matching the filter and sampled in, score them with the rule's evaluator and write the
// scores (source "eval") and the moved cursor in one transaction per batch. A crash loses at most the batch in flight
// and a rerun repeats nothing: the cursor did not move, and each score's id is derived from rule and trace.
import { and, eq, sql, type SQL } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { evaluationRules, scores } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { traceInputSql, traceOutputSql } from "@/lib/traces/store/trace-payloads";
import { compileEvaluators } from "../run-scoring";
import type { PromptExecutor } from "../prompt-executor";
import type { EvaluatorSpec } from "../evaluators/schema";
import { recordedEvaluators } from "../run-scoring";
import { isSampled, onlineScoreId } from "../online/sampling";
import { ruleScoreName, ruleScoreType, type RuleFilter } from "../online/rule-input";
import type { EvaluationRuleRow } from "./evaluation-rules";

/** Traces read per batch (one transaction each). */
export const ONLINE_BATCH = 500;
/** Batches per rule and run (100,000 traces read): a long backlog is worked off over several minutes. */
export const MAX_BATCHES_PER_RUN = 200;
/** A trace is scored once it is this old: its later spans (and its output) have usually arrived by then. */
export const SETTLE_MS = 30_000;

export interface RuleRunResult {
  ruleId: string;
  examined: number;
  evaluated: number;
  scored: number;
  costUsd: number;
  /** Why the rule stopped early (a cap), or null. */
  status: string | null;
}

interface Candidate {
  id: string;
  timestamp: string;
  matches: boolean;
}

/** The filter as a boolean SQL expression over the trace `t` (true without conditions). */
function filterSql(filter: RuleFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (filter.traceName) parts.push(sql`t.name = ${filter.traceName}`);
  if (filter.environment) parts.push(sql`t.environment = ${filter.environment}`);
  if (filter.tags?.length) parts.push(sql`t.tags @> ${`{${filter.tags.map((x) => JSON.stringify(x)).join(",")}}`}::text[]`);
  if (filter.cohortId) {
    parts.push(sql`exists (select 1 from cohort_members cm where cm.project_id = t.project_id and cm.cohort_id = ${filter.cohortId} and cm.user_id = t.user_id)`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * The next traces after the cursor, matching or not: the cursor moves over non-matching traces too, so a narrow
 * filter does not rescan the same traffic every minute.
 */
async function candidates(db: Db, rule: EvaluationRuleRow, cursor: { timestamp: Date; id: string }, upTo: Date): Promise<Candidate[]> {
  const res = await db.execute(sql`
    select t.id, t.timestamp, (${filterSql(rule.filter as RuleFilter)}) as matches from traces t
    where t.project_id = ${rule.projectId}
      and (t.timestamp, t.id) > (${cursor.timestamp.toISOString()}::timestamptz, ${cursor.id})
      and t.timestamp <= ${upTo.toISOString()}::timestamptz
    order by t.timestamp, t.id
    limit ${ONLINE_BATCH}`);
  return rowsOf<Candidate>(res);
}

interface Payload {
  id: string;
  input: unknown;
  output: unknown;
  latency_ms: number | null;
  total_cost: number | null;
}

async function payloads(db: Db, projectId: string, ids: string[]): Promise<Map<string, Payload>> {
  if (ids.length === 0) return new Map();
  const res = await db.execute(sql`
    select t.id, ${traceInputSql("t")} as input, ${traceOutputSql("t")} as output, t.latency_ms, t.total_cost
    from traces t where t.project_id = ${projectId} and t.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  return new Map(rowsOf<Payload>(res).map((p) => [p.id, p]));
}

const minuteOf = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000);

/** Runs one rule up to its caps; `now` decides the day and minute the caps count for. */
export async function evaluateRule(db: Db, rule: EvaluationRuleRow, opts: { now: Date; executor: PromptExecutor | null; settleMs?: number }): Promise<RuleRunResult> {
  const { now } = opts;
  const stored = rule.evaluator as EvaluatorSpec;
  const scoreName = ruleScoreName(stored);
  const spec = { ...stored, name: scoreName } as EvaluatorSpec;
  const evaluate = compileEvaluators([spec], opts.executor);
  const judgeId = spec.type === "llm_judge" ? String((recordedEvaluators([spec], opts.executor)[0] as { judge: string }).judge) : null;
  const day = now.toISOString().slice(0, 10);
  const minute = minuteOf(now);
  const state = {
    cursor: { timestamp: rule.cursorTimestamp, id: rule.cursorTraceId },
    scoredToday: rule.day === day ? rule.scoredToday : 0,
    costToday: rule.day === day ? rule.costTodayUsd : 0,
    thisMinute: rule.minuteStart?.getTime() === minute.getTime() ? rule.scoredThisMinute : 0,
  };
  const result: RuleRunResult = { ruleId: rule.id, examined: 0, evaluated: 0, scored: 0, costUsd: 0, status: null };
  const costCap = spec.type === "llm_judge" ? rule.maxCostUsdPerDay : null;
  // Sums of float costs drift (0.1 + 0.2 > 0.3): a cap counts as reached within a billionth of a dollar.
  const overCost = () => costCap !== null && state.costToday >= costCap - 1e-9;
  const costStatus = () => `Stopped for ${day}: daily cost cap of $${costCap} reached ($${state.costToday.toFixed(4)} spent); resumes after midnight UTC`;
  const rateStatus = `Rate cap of ${rule.maxPerMinute} traces per minute reached; the rest wait for the next minute`;
  const upTo = new Date(now.getTime() - (opts.settleMs ?? SETTLE_MS));

  for (let batchNo = 0; batchNo < MAX_BATCHES_PER_RUN; batchNo++) {
    if (overCost()) result.status = costStatus();
    else if (state.thisMinute >= rule.maxPerMinute) result.status = rateStatus;
    if (result.status) break;
    const batch = await candidates(db, rule, state.cursor, upTo);
    if (batch.length === 0) break;
    // Take traces in order until a sampled one no longer fits the minute's allowance; the cursor stops before it.
    const allowance = rule.maxPerMinute - state.thisMinute;
    const chosen: Candidate[] = [];
    let end = batch.length;
    for (let i = 0; i < batch.length; i++) {
      if (!batch[i]!.matches || !isSampled(rule.id, batch[i]!.id, rule.sampleRate)) continue;
      if (chosen.length === allowance) {
        end = i;
        result.status = rateStatus;
        break;
      }
      chosen.push(batch[i]!);
    }
    const data = await payloads(db, rule.projectId, chosen.map((c) => c.id));
    const rows: (typeof scores.$inferInsert)[] = [];
    let cost = 0;
    let evaluated = 0;
    for (const c of chosen) {
      const p = data.get(c.id);
      const scored = await evaluate({ input: p?.input, output: p?.output, expectedOutput: null, latencyMs: p?.latency_ms ?? null, costUsd: p?.total_cost ?? null });
      evaluated++;
      cost += scored.judgeCostUsd;
      const value = scored.scores[scoreName];
      if (typeof value === "number") {
        const type = ruleScoreType(spec);
        rows.push({
          projectId: rule.projectId,
          id: onlineScoreId(rule.id, c.id),
          traceId: c.id,
          name: scoreName,
          value,
          stringValue: type === "boolean" ? String(value >= 0.5) : null,
          dataType: type,
          source: "eval",
          comment: `rule ${rule.name}${judgeId ? ` (judge ${judgeId})` : ""}`,
          timestamp: new Date(c.timestamp),
        });
      }
      if (costCap !== null && state.costToday + cost >= costCap - 1e-9) {
        // The cap is reached with this trace: stop right after it.
        end = batch.indexOf(c) + 1;
        break;
      }
    }
    const last = batch[end - 1];
    const next = last ? { timestamp: new Date(last.timestamp), id: last.id } : state.cursor;
    const written = await db.transaction(async (tx) => {
      const inserted = rows.length ? await tx.insert(scores).values(rows).onConflictDoNothing().returning({ id: scores.id }) : [];
      const moved = await tx
        .update(evaluationRules)
        .set({
          cursorTimestamp: next.timestamp,
          cursorTraceId: next.id,
          scoredCount: sql`${evaluationRules.scoredCount} + ${inserted.length}`,
          day,
          scoredToday: state.scoredToday + evaluated,
          costTodayUsd: state.costToday + cost,
          minuteStart: minute,
          scoredThisMinute: state.thisMinute + evaluated,
          lastRunAt: now,
        })
        // Only from the cursor this run started from: a concurrent run that moved it first wins, this one rolls back.
        .where(and(eq(evaluationRules.id, rule.id), eq(evaluationRules.cursorTimestamp, state.cursor.timestamp), eq(evaluationRules.cursorTraceId, state.cursor.id)))
        .returning({ id: evaluationRules.id });
      if (moved.length === 0) throw new AppError("conflict", `evaluation rule ${rule.id} was advanced by another run`);
      return inserted.length;
    });
    state.cursor = next;
    state.scoredToday += evaluated;
    state.costToday += cost;
    state.thisMinute += evaluated;
    result.examined += end;
    result.evaluated += evaluated;
    result.scored += written;
    result.costUsd += cost;
    if (end < batch.length || batch.length < ONLINE_BATCH) break;
  }
  if (overCost()) result.status = costStatus();
  await db
    .update(evaluationRules)
    .set({ lastRunAt: now, status: result.status, day, scoredToday: state.scoredToday, costTodayUsd: state.costToday })
    .where(eq(evaluationRules.id, rule.id));
  return result;
}

/** Every enabled rule of the project, one after the other. */
export async function evaluateProjectRules(db: Db, projectId: string, opts: { now: Date; executor: PromptExecutor | null; settleMs?: number }) {
  const rules = await db.select().from(evaluationRules).where(and(eq(evaluationRules.projectId, projectId), eq(evaluationRules.enabled, true)));
  const results: RuleRunResult[] = [];
  for (const rule of rules.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) results.push(await evaluateRule(db, rule, opts));
  return results;
}
