"use client";
// The evaluation rules section: create a rule (evaluators that work without an expected output), enable, disable
// or delete one. The server validates everything again and its message is shown as it is.
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { reviewApi } from "./queries";

/** Evaluators a rule may use, with the one parameter each needs (none for JSON validity). */
const EVALUATORS: { value: string; label: string; param?: string }[] = [
  { value: "contains", label: "Output contains", param: "Text" },
  { value: "not_contains", label: "Output does not contain", param: "Text" },
  { value: "regex", label: "Output matches regex", param: "Pattern" },
  { value: "json_valid", label: "Output is valid JSON" },
  { value: "length", label: "Output at most N characters", param: "Max characters" },
  { value: "latency", label: "Latency at most (ms)", param: "Max ms" },
  { value: "cost", label: "Cost at most (USD)", param: "Max USD" },
  { value: "judge:helpfulness", label: "Judge: helpfulness" },
  { value: "judge:faithfulness", label: "Judge: faithfulness" },
  { value: "judge:toxicity", label: "Judge: toxicity" },
  { value: "judge:pii_leakage", label: "Judge: PII leakage" },
];

function evaluatorOf(type: string, param: string, scoreName: string): Record<string, unknown> {
  const name = scoreName ? { name: scoreName } : {};
  if (type.startsWith("judge:")) return { type: "llm_judge", template: type.slice(6), ...name };
  if (type === "contains" || type === "not_contains") return { type, value: param, ...name };
  if (type === "regex") return { type, pattern: param, ...name };
  if (type === "length") return { type, max: Number(param), ...name };
  if (type === "latency") return { type, maxMs: Number(param), ...name };
  if (type === "cost") return { type, maxUsd: Number(param), ...name };
  return { type, ...name };
}

export function NewRuleForm() {
  const router = useRouter();
  const [f, setF] = useState({ name: "", type: "contains", param: "", scoreName: "", traceName: "", environment: "", tags: "", sampleRate: "0.1", maxPerMinute: "60", maxCost: "" });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const chosen = EVALUATORS.find((e) => e.value === f.type)!;
  const isJudge = f.type.startsWith("judge:");
  const save = useMutation({
    mutationFn: () =>
      reviewApi.createRule({
        name: f.name,
        evaluator: evaluatorOf(f.type, f.param, f.scoreName),
        filter: {
          ...(f.traceName ? { traceName: f.traceName } : {}),
          ...(f.environment ? { environment: f.environment } : {}),
          ...(f.tags.trim() ? { tags: f.tags.split(",").map((t) => t.trim()).filter(Boolean) } : {}),
        },
        sampleRate: Number(f.sampleRate),
        maxPerMinute: Number(f.maxPerMinute),
        ...(isJudge && f.maxCost ? { maxCostUsdPerDay: Number(f.maxCost) } : {}),
      }),
    onSuccess: () => router.refresh(),
  });
  return (
    <form className="card stack" aria-label="New evaluation rule" onSubmit={(e) => (e.preventDefault(), save.mutate())}>
      <h2>New rule</h2>
      <div className="form-row">
        <label>Name <input value={f.name} onChange={set("name")} required maxLength={100} /></label>
        <label>
          Evaluator{" "}
          <select value={f.type} onChange={set("type")}>
            {EVALUATORS.map((e) => <option key={e.value} value={e.value}>{e.label}</option>)}
          </select>
        </label>
        {chosen.param ? <label>{chosen.param} <input value={f.param} onChange={set("param")} required /></label> : null}
        <label>Score name <input value={f.scoreName} onChange={set("scoreName")} placeholder="default: evaluator" /></label>
      </div>
      <div className="form-row">
        <label>Trace name <input value={f.traceName} onChange={set("traceName")} placeholder="any" /></label>
        <label>Environment <input value={f.environment} onChange={set("environment")} placeholder="any" /></label>
        <label>Tags (all of) <input value={f.tags} onChange={set("tags")} placeholder="comma-separated" /></label>
      </div>
      <div className="form-row">
        <label>Sample rate (0–1) <input type="number" min={0} max={1} step="any" value={f.sampleRate} onChange={set("sampleRate")} required className="input-small" /></label>
        <label>Max traces / minute <input type="number" min={1} step={1} value={f.maxPerMinute} onChange={set("maxPerMinute")} required className="input-small" /></label>
        {isJudge ? <label>Max cost / day (USD) <input type="number" min={0} step="any" value={f.maxCost} onChange={set("maxCost")} className="input-small" placeholder="no cap" /></label> : null}
        <button className="btn btn-primary" disabled={save.isPending}>Create rule</button>
      </div>
      {save.isError ? <span className="alert alert-error" role="alert">{save.error.message}</span> : null}
    </form>
  );
}

export function RuleActions({ id, enabled }: { id: string; enabled: boolean }) {
  const router = useRouter();
  const toggle = useMutation({ mutationFn: () => reviewApi.patchRule(id, { enabled: !enabled }), onSuccess: () => router.refresh() });
  const remove = useMutation({ mutationFn: () => reviewApi.deleteRule(id), onSuccess: () => router.refresh() });
  return (
    <div className="form-row">
      <button className="btn btn-small" onClick={() => toggle.mutate()} disabled={toggle.isPending}>{enabled ? "Disable" : "Enable"}</button>
      <button className="btn btn-small btn-danger" onClick={() => remove.mutate()} disabled={remove.isPending} title="Scores it wrote stay">Delete</button>
      {toggle.isError || remove.isError ? <span className="alert alert-error" role="alert">{(toggle.error ?? remove.error)!.message}</span> : null}
    </div>
  );
}
