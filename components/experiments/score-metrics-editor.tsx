"use client";
// The experiment form's score metrics: pick a trace score by name (suggested from the project's scores), which sources
// count, and whether it is a goal, a guardrail or both. Each becomes a "mean per user" metric over the user's traces.
import { useState } from "react";
import { SCORE_SOURCES } from "@/lib/experiments/definition";
import { newScoreMetricRow, type ScoreMetricRow, type ScoreSource } from "./score-metric-rows";

const SOURCE_LABELS: Record<ScoreSource, string> = {
  api: "API",
  human: "human",
  llm_judge: "LLM judge",
  code: "code",
  eval: "online evaluation",
  annotation: "review queue",
};

export function ScoreMetricsEditor({ rows, onChange, scoreNames, takenKeys }: { rows: ScoreMetricRow[]; onChange: (rows: ScoreMetricRow[]) => void; scoreNames: string[]; takenKeys: string[] }) {
  const [draft, setDraft] = useState("");
  const set = (i: number, patch: Partial<ScoreMetricRow>) => onChange(rows.map((r, j) => (i === j ? { ...r, ...patch } : r)));
  const add = () => {
    if (!draft.trim()) return;
    onChange([...rows, newScoreMetricRow(draft, [...takenKeys, ...rows.map((r) => r.key)])]);
    setDraft("");
  };
  return (
    <div className="stack" aria-label="Score metrics">
      <h3>Score metrics</h3>
      <p className="muted small">The mean of a trace score per exposed user over their traces in the window (from online evaluation rules, review queues or your own scores); users without such a score are not counted.</p>
      {rows.map((r, i) => (
        <fieldset key={r.key} className="card score-metric" aria-label={`Score metric ${r.scoreName}`}>
          <legend className="mono">{r.scoreName}</legend>
          <div className="form-row">
            <label className="grow">Metric name<input value={r.name} onChange={(e) => set(i, { name: e.target.value })} maxLength={120} /></label>
            <label>Window (days)<input type="number" min={0.05} max={365} step="any" value={r.windowDays} onChange={(e) => set(i, { windowDays: Number(e.target.value) })} className="input-small" /></label>
            <label>Better when<select value={r.higherIsBetter ? "higher" : "lower"} onChange={(e) => set(i, { higherIsBetter: e.target.value === "higher" })}><option value="higher">higher</option><option value="lower">lower</option></select></label>
          </div>
          <div className="form-row" role="group" aria-label={`Sources of ${r.scoreName}`}>
            <span className="small">Sources (none checked: any)</span>
            {SCORE_SOURCES.map((s) => (
              <label key={s} className="checkbox small">
                <input type="checkbox" checked={r.sources.includes(s)} onChange={(e) => set(i, { sources: e.target.checked ? [...r.sources, s] : r.sources.filter((x) => x !== s) })} />
                {SOURCE_LABELS[s]}
              </label>
            ))}
          </div>
          <div className="form-row">
            <label className="checkbox"><input type="checkbox" checked={r.goal} onChange={(e) => set(i, { goal: e.target.checked })} />Goal</label>
            <label className="checkbox"><input type="checkbox" checked={r.guardrail !== null} onChange={(e) => set(i, { guardrail: e.target.checked ? 5 : null })} />Guardrail</label>
            {r.guardrail !== null ? (
              <label>Tolerated worsening (%)<input aria-label={`Tolerated worsening of ${r.name}`} type="number" min={0} max={100} step="any" value={r.guardrail} onChange={(e) => set(i, { guardrail: Number(e.target.value) })} className="input-small" /></label>
            ) : null}
            <button type="button" className="btn btn-danger btn-small" onClick={() => onChange(rows.filter((_, j) => j !== i))}>Remove</button>
          </div>
          <p className="small muted mono">key {r.key}{!r.goal && r.guardrail === null ? " · neither goal nor guardrail: it will not be saved" : ""}</p>
        </fieldset>
      ))}
      <div className="form-row">
        <label className="grow">
          Score name
          <input list="score-names" value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={(e) => (e.key === "Enter" ? (e.preventDefault(), add()) : undefined)} placeholder={scoreNames[0] ?? "helpfulness"} maxLength={200} />
        </label>
        <datalist id="score-names">{scoreNames.map((n) => <option key={n} value={n} />)}</datalist>
        <button type="button" className="btn" onClick={add} disabled={!draft.trim()}>Add score metric</button>
      </div>
    </div>
  );
}
