"use client";

import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { experimentsApi } from "./queries";
import { metricPresets, type ExperimentStatus, type Guardrail, type MetricDefinition } from "@/lib/experiments/definition";
import { PowerCalculator, type ObservedTraffic } from "./power-calculator";
import { ScoreMetricsEditor } from "./score-metrics-editor";
import { scoreMetricRows, scoreMetricsBody, type ScoreMetricRow } from "./score-metric-rows";

interface VariantRow { key: string; name: string; weight: number; parameters: string }

export interface ExperimentFormValues {
  key: string;
  name: string;
  hypothesis: string;
  status: ExperimentStatus;
  variants: Array<{ key: string; name?: string; weight: number; parameters: Record<string, unknown> }>;
  coverage: number;
  goalMetrics: MetricDefinition[];
  guardrails: Guardrail[];
  targeting: Record<string, unknown>;
  engine: "frequentist" | "sequential" | "bayesian";
  alpha: number;
  correction: "holm" | "benjamini-hochberg" | "none";
  autoStop: boolean;
}

export const blankExperiment: ExperimentFormValues = {
  key: "",
  name: "",
  hypothesis: "",
  status: "draft",
  variants: [
    { key: "control", name: "Control", weight: 0.5, parameters: {} },
    { key: "treatment", name: "Treatment", weight: 0.5, parameters: {} },
  ],
  coverage: 1,
  goalMetrics: [],
  guardrails: [],
  targeting: {},
  engine: "frequentist",
  alpha: 0.05,
  correction: "holm",
  autoStop: false,
};

const presetKeys = Object.keys(metricPresets);

function parseJson(text: string, field: string): Record<string, unknown> {
  if (!text.trim()) return {};
  try {
    const value = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {}
  throw new Error(`${field} must be a JSON object, e.g. {"prompt": "assistant/v2"}`);
}

/** Create or edit an experiment. Once started, the assignment fields are read-only (changing them would mix populations). */
export function ExperimentForm({ initial, mode, observed, scoreNames = [] }: { initial: ExperimentFormValues; mode: "create" | "edit"; observed: ObservedTraffic; scoreNames?: string[] }) {
  const router = useRouter();
  const frozen = mode === "edit" && initial.status !== "draft";
  const [variants, setVariants] = useState<VariantRow[]>(
    initial.variants.map((v) => ({ key: v.key, name: v.name ?? "", weight: Math.round(v.weight * 1000) / 10, parameters: JSON.stringify(v.parameters) })),
  );
  const [coverage, setCoverage] = useState(initial.coverage * 100);
  const [alpha, setAlpha] = useState(initial.alpha);
  const [goals, setGoals] = useState<string[]>(initial.goalMetrics.map((m) => m.key));
  // Score metrics have their own editor; other custom metrics (made through the API) can only be kept or dropped here.
  const customGoals = initial.goalMetrics.filter((m) => !presetKeys.includes(m.key) && !m.score);
  const [scoreRows, setScoreRows] = useState<ScoreMetricRow[]>(() => scoreMetricRows(initial.goalMetrics, initial.guardrails));
  const [guardrails, setGuardrails] = useState<Record<string, number | null>>(
    Object.fromEntries(presetKeys.map((k) => [k, initial.guardrails.find((g) => g.metric.key === k)?.threshold ?? null])),
  );
  const [clientError, setClientError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      mode === "create" ? experimentsApi.create(body) : experimentsApi.update(initial.key, body),
    onSuccess: (_data, body) => {
      router.push(`/experiments/${mode === "create" ? String(body.key) : initial.key}`);
      router.refresh();
    },
  });

  const setVariant = (i: number, patch: Partial<VariantRow>) => setVariants((vs) => vs.map((v, j) => (i === j ? { ...v, ...patch } : v)));
  const splitEvenly = () => setVariants((vs) => vs.map((v) => ({ ...v, weight: Math.round((1000 / vs.length)) / 10 })));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setClientError(null);
    const form = new FormData(e.currentTarget);
    const scores = scoreMetricsBody(scoreRows);
    try {
      const body: Record<string, unknown> = {
        name: String(form.get("name") ?? ""),
        hypothesis: String(form.get("hypothesis") ?? ""),
        goalMetrics: [...goals.filter((k) => presetKeys.includes(k)), ...customGoals.filter((m) => goals.includes(m.key)), ...scores.goals],
        guardrails: [
          ...Object.entries(guardrails).flatMap(([metric, t]) => (t === null ? [] : [{ metric, threshold: t / 100 }])),
          ...initial.guardrails.filter((g) => !presetKeys.includes(g.metric.key) && !g.metric.score),
          ...scores.guardrails,
        ],
        engine: String(form.get("engine")),
        alpha,
        correction: String(form.get("correction")),
        autoStop: form.get("autoStop") === "on",
      };
      if (mode === "create") body.key = String(form.get("key") ?? "");
      if (!frozen) {
        body.variants = variants.map((v) => ({
          key: v.key,
          ...(v.name ? { name: v.name } : {}),
          weight: Math.round(v.weight * 10) / 1000,
          parameters: parseJson(v.parameters, `Parameters of ${v.key || "a variant"}`),
        }));
        body.coverage = coverage / 100;
        body.targeting = parseJson(String(form.get("targeting") ?? ""), "Targeting");
      }
      save.mutate(body);
    } catch (err) {
      setClientError(err instanceof Error ? err.message : String(err));
    }
  }

  const totalWeight = variants.reduce((s, v) => s + v.weight, 0);
  return (
    <div className="grid experiment-form-layout">
      <form onSubmit={onSubmit} className="grid" aria-label={mode === "create" ? "New experiment" : "Edit experiment"}>
        <section className="card grid">
          <h2>About</h2>
          <div className="form-row">
            {mode === "create" ? (
              <label>Key<input name="key" required pattern="[a-z0-9][a-z0-9_\-]{0,63}" placeholder="prompt-warm-v2" title="lowercase letters, digits, - and _" /></label>
            ) : null}
            <label className="grow">Name<input name="name" required defaultValue={initial.name} placeholder="Warmer system prompt" /></label>
          </div>
          <label>Hypothesis<textarea name="hypothesis" rows={2} defaultValue={initial.hypothesis} placeholder="What you expect to change, and why" /></label>
        </section>

        <section className="card grid" aria-label="Variants">
          <h2>Variants and traffic</h2>
          {frozen ? <p className="muted small">The experiment has started: variants, weights, coverage and targeting can no longer change.</p> : null}
          <div className="table-wrap">
            <table className="variants-table">
              <thead><tr><th>Key</th><th>Name</th><th>Weight (%)</th><th>Parameters (JSON)</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {variants.map((v, i) => (
                  <tr key={i}>
                    <td><input aria-label={`Variant ${i + 1} key`} value={v.key} disabled={frozen} required onChange={(e) => setVariant(i, { key: e.target.value })} /></td>
                    <td><input aria-label={`Variant ${i + 1} name`} value={v.name} disabled={frozen} onChange={(e) => setVariant(i, { name: e.target.value })} /></td>
                    <td><input aria-label={`Variant ${i + 1} weight`} type="number" min={0} max={100} step="any" value={v.weight} disabled={frozen} onChange={(e) => setVariant(i, { weight: Number(e.target.value) })} /></td>
                    <td><input aria-label={`Variant ${i + 1} parameters`} className="mono" value={v.parameters} disabled={frozen} onChange={(e) => setVariant(i, { parameters: e.target.value })} /></td>
                    <td>{!frozen && variants.length > 2 ? <button type="button" className="btn btn-danger" onClick={() => setVariants((vs) => vs.filter((_, j) => j !== i))}>Remove</button> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {!frozen ? (
            <div className="form-row">
              <button type="button" className="btn" onClick={() => setVariants((vs) => [...vs, { key: `variant-${vs.length}`, name: "", weight: 0, parameters: "{}" }])} disabled={variants.length >= 10}>Add variant</button>
              <button type="button" className="btn" onClick={splitEvenly}>Split evenly</button>
              <span className={Math.abs(totalWeight - 100) > 0.1 ? "badge badge-danger" : "badge badge-ok"}>weights total {totalWeight.toFixed(1)}%</span>
            </div>
          ) : null}
          <div className="form-row">
            <label>Coverage (% of users)<input type="number" min={0} max={100} step="any" value={coverage} disabled={frozen} onChange={(e) => setCoverage(Number(e.target.value))} /></label>
            <label className="grow">Targeting (JSON: attribute → value or list)<input name="targeting" className="mono" disabled={frozen} defaultValue={JSON.stringify(initial.targeting)} placeholder='{"plan": ["pro", "team"]}' /></label>
          </div>
        </section>

        <section className="card grid" aria-label="Metrics">
          <h2>Goal metrics</h2>
          <div className="metric-options">
            {[...presetKeys.map((k) => ({ key: k, name: String(metricPresets[k].name) })), ...customGoals.map((m) => ({ key: m.key, name: `${m.name} (custom)` }))].map((m) => (
              <label key={m.key} className="checkbox">
                <input type="checkbox" checked={goals.includes(m.key)} onChange={(e) => setGoals((g) => (e.target.checked ? [...g, m.key] : g.filter((k) => k !== m.key)))} />
                {m.name}
              </label>
            ))}
          </div>
          <ScoreMetricsEditor rows={scoreRows} onChange={setScoreRows} scoreNames={scoreNames} takenKeys={[...presetKeys, ...customGoals.map((m) => m.key)]} />
          <h2>Guardrails</h2>
          <p className="muted small">Checked hourly with the sequential engine; breached when the metric is reliably worse than the tolerated change.</p>
          <div className="metric-options">
            {presetKeys.map((k) => (
              <div key={k} className="form-row">
                <label className="checkbox">
                  <input type="checkbox" checked={guardrails[k] !== null} onChange={(e) => setGuardrails((g) => ({ ...g, [k]: e.target.checked ? 5 : null }))} />
                  {String(metricPresets[k].name)}
                </label>
                {guardrails[k] !== null ? (
                  <label>Tolerated worsening (%)<input aria-label={`Tolerated worsening of ${String(metricPresets[k].name)}`} type="number" min={0} max={100} step="any" value={guardrails[k] ?? 0} onChange={(e) => setGuardrails((g) => ({ ...g, [k]: Number(e.target.value) }))} style={{ width: "6rem" }} /></label>
                ) : null}
              </div>
            ))}
          </div>
          <label className="checkbox"><input type="checkbox" name="autoStop" defaultChecked={initial.autoStop} />Stop automatically after a guardrail is breached in two consecutive checks</label>
        </section>

        <section className="card grid" aria-label="Analysis">
          <h2>Analysis</h2>
          <div className="form-row">
            <label>Engine<select name="engine" defaultValue={initial.engine}><option value="frequentist">Frequentist (fixed horizon)</option><option value="sequential">Sequential (peek any time)</option><option value="bayesian">Bayesian (chance to win)</option></select></label>
            <label>Significance level α<input type="number" min={0.001} max={0.2} step="any" value={alpha} onChange={(e) => setAlpha(Number(e.target.value))} /></label>
            <label>Multiple comparisons<select name="correction" defaultValue={initial.correction}><option value="holm">Holm (family-wise)</option><option value="benjamini-hochberg">Benjamini–Hochberg (FDR)</option><option value="none">None</option></select></label>
          </div>
        </section>

        {clientError ? <div className="alert alert-error" role="alert">{clientError}</div> : null}
        {save.isError ? <div className="alert alert-error" role="alert">{save.error.message}</div> : null}
        <div className="form-row">
          <button className="btn btn-primary" type="submit" disabled={save.isPending}>{mode === "create" ? "Create experiment" : "Save changes"}</button>
        </div>
      </form>
      <PowerCalculator observed={observed} numVariants={variants.length} coverage={coverage / 100} alpha={alpha} />
    </div>
  );
}
