// Score metrics in the experiment form: one row per trace score (an online evaluation rule's, an annotation's, a
// client's) used as a goal and/or a guardrail, turned into the API's metric definitions and back. A metric's key is
// kept once it exists, since results are stored under it.
import { SCORE_SOURCES, type Guardrail, type MetricDefinition } from "@/lib/experiments/definition";

export type ScoreSource = (typeof SCORE_SOURCES)[number];

export interface ScoreMetricRow {
  key: string;
  name: string;
  scoreName: string;
  /** Empty: scores from any source. */
  sources: ScoreSource[];
  higherIsBetter: boolean;
  windowDays: number;
  goal: boolean;
  /** Tolerated worsening in percent when the score is a guardrail; null when it is not one. */
  guardrail: number | null;
}

/** A metric key for a score name: `score_` and the name in the key alphabet, at most 64 characters. */
export function scoreMetricKey(scoreName: string, taken: string[] = []): string {
  const slug = scoreName.toLowerCase().replace(/[^a-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 50) || "score";
  const base = `score_${slug}`;
  let key = base;
  for (let i = 2; taken.includes(key); i++) key = `${base}_${i}`;
  return key;
}

export function newScoreMetricRow(scoreName: string, taken: string[]): ScoreMetricRow {
  const name = scoreName.trim();
  return { key: scoreMetricKey(name, taken), name: `Mean ${name} score`, scoreName: name, sources: [], higherIsBetter: true, windowDays: 7, goal: true, guardrail: null };
}

/** The experiment's score metrics as rows: goals and guardrails of the same key are one row. */
export function scoreMetricRows(goals: MetricDefinition[], guardrails: Guardrail[]): ScoreMetricRow[] {
  const rows = new Map<string, ScoreMetricRow>();
  const rowOf = (m: MetricDefinition): ScoreMetricRow =>
    rows.get(m.key) ?? {
      key: m.key,
      name: m.name,
      scoreName: m.score!.name,
      sources: (m.score!.sources ?? []) as ScoreSource[],
      higherIsBetter: m.higherIsBetter,
      windowDays: Math.round((m.windowHours / 24) * 100) / 100,
      goal: false,
      guardrail: null,
    };
  for (const m of goals) if (m.score) rows.set(m.key, { ...rowOf(m), goal: true });
  for (const g of guardrails) if (g.metric.score) rows.set(g.metric.key, { ...rowOf(g.metric), guardrail: Math.round(g.threshold * 1000) / 10 });
  return [...rows.values()];
}

/** The metric definition the API accepts for a row. */
export function scoreMetricDefinition(row: ScoreMetricRow) {
  return {
    key: row.key,
    name: row.name.trim() || `Mean ${row.scoreName} score`,
    type: "mean" as const,
    score: { name: row.scoreName.trim(), ...(row.sources.length ? { sources: row.sources } : {}) },
    windowHours: row.windowDays * 24,
    higherIsBetter: row.higherIsBetter,
  };
}

/** The rows as goal metrics and guardrails for the request body. */
export function scoreMetricsBody(rows: ScoreMetricRow[]) {
  return {
    goals: rows.filter((r) => r.goal).map(scoreMetricDefinition),
    guardrails: rows.flatMap((r) => (r.guardrail === null ? [] : [{ metric: scoreMetricDefinition(r), threshold: r.guardrail / 100 }])),
  };
}
