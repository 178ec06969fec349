"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { settingsApi, settingsKeys, type TraceSettingsView } from "./queries";

type RuleId = keyof TraceSettingsView["masking"]["rules"];
type CustomPattern = TraceSettingsView["masking"]["customPatterns"][number];

const RULES: { id: RuleId; label: string }[] = [
  { id: "secret", label: "API keys and tokens" },
  { id: "email", label: "Email addresses" },
  { id: "ip", label: "IP addresses" },
  { id: "card", label: "Card numbers" },
  { id: "phone", label: "Phone numbers" },
];

/** Sampling rate, masking rules, custom patterns and the drop-payloads switch applied at trace ingest. */
export function TracingPrivacyPanel({ projectId }: { projectId: string }) {
  const settings = useQuery({ queryKey: settingsKeys.traceSettings(projectId), queryFn: settingsApi.traceSettings });
  return (
    <section className="card" aria-labelledby="tracing-privacy-title">
      <h2 id="tracing-privacy-title">Tracing: sampling and masking</h2>
      <p className="muted small">Applied before storage to OTLP and batch ingestion alike. Changes reach ingestion within about 10 seconds.</p>
      <QueryState query={settings} what="tracing settings">
        {(data) => <TracingPrivacyForm key={data.settings.updatedAt ?? "defaults"} projectId={projectId} initial={data.settings} />}
      </QueryState>
    </section>
  );
}

function TracingPrivacyForm({ projectId, initial }: { projectId: string; initial: TraceSettingsView }) {
  const qc = useQueryClient();
  const [percent, setPercent] = useState(String(Math.round(initial.sampleRate * 10000) / 100));
  const [enabled, setEnabled] = useState(initial.masking.enabled);
  const [rules, setRules] = useState(initial.masking.rules);
  const [patterns, setPatterns] = useState<CustomPattern[]>(initial.masking.customPatterns);
  const [dropPayloads, setDropPayloads] = useState(initial.masking.dropPayloads);
  const [personaDimension, setPersonaDimension] = useState(initial.personaDimension);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: settingsApi.saveTraceSettings,
    onSuccess: () => setSaved(true),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: settingsKeys.traceSettings(projectId) });
      qc.invalidateQueries({ queryKey: settingsKeys.audit(projectId) });
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const customPatterns = patterns.map((p) => (p.flags ? p : { label: p.label, pattern: p.pattern }));
    save.mutate({ sampleRate: Number(percent) / 100, masking: { enabled, rules, customPatterns, dropPayloads }, personaDimension });
  }
  const setPattern = (i: number, patch: Partial<CustomPattern>) => setPatterns((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  return (
    <form onSubmit={onSubmit} aria-label="Tracing sampling and masking">
      <div className="form-row">
        <label>
          Keep this share of traces (%)
          <input type="number" min={0} max={100} step="any" value={percent} onChange={(e) => setPercent(e.target.value)} required />
        </label>
        <label>
          Persona metadata key (user profiles; traces without it count under their name)
          <input value={personaDimension} onChange={(e) => setPersonaDimension(e.target.value)} maxLength={100} required />
        </label>
      </div>
      <fieldset className="section">
        <legend>Masking</legend>
        <label className="check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Mask personal data before storage</label>
        {RULES.map((r) => (
          <label key={r.id} className="check">
            <input type="checkbox" disabled={!enabled} checked={rules[r.id]} onChange={(e) => setRules({ ...rules, [r.id]: e.target.checked })} /> {r.label}
          </label>
        ))}
        <label className="check"><input type="checkbox" checked={dropPayloads} onChange={(e) => setDropPayloads(e.target.checked)} /> Drop input and output payloads entirely</label>
      </fieldset>
      <fieldset className="section">
        <legend>Custom patterns</legend>
        <p className="muted small">Regular expressions in RE2 syntax (matched in linear time: no backreferences or lookarounds); each match is replaced by <code>[CUSTOM:label]</code>.</p>
        {patterns.length === 0 ? <p className="muted small">No custom patterns.</p> : null}
        {patterns.map((p, i) => (
          <div className="form-row" key={i}>
            <label>Label<input value={p.label} onChange={(e) => setPattern(i, { label: e.target.value })} required maxLength={40} placeholder="order-id" /></label>
            <label>Pattern<input className="mono" value={p.pattern} onChange={(e) => setPattern(i, { pattern: e.target.value })} required placeholder="ORD-\d+" /></label>
            <label>Flags<input value={p.flags ?? ""} onChange={(e) => setPattern(i, { flags: e.target.value || undefined })} maxLength={4} size={4} placeholder="i" /></label>
            <button type="button" className="btn btn-danger" onClick={() => setPatterns(patterns.filter((_, j) => j !== i))} aria-label={`Remove pattern ${p.label || i + 1}`}>Remove</button>
          </div>
        ))}
        <button type="button" className="btn" onClick={() => setPatterns([...patterns, { label: "", pattern: "" }])}>Add pattern</button>
      </fieldset>
      <div className="form-row section">
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>Save tracing settings</button>
        <span className="muted small">Last changed: {formatDate(initial.updatedAt)}</span>
      </div>
      {save.isError ? <div className="alert alert-error" role="alert">{save.error.message}</div> : null}
      {saved ? <div className="alert alert-ok" role="status">Saved.</div> : null}
    </form>
  );
}
