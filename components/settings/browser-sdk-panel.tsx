"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDate } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { settingsApi, settingsKeys, type BrowserSdkSettingsView } from "./queries";

const BURSTS = [
  { minutes: 0, label: "Off" },
  { minutes: 30, label: "30 minutes" },
  { minutes: 120, label: "2 hours" },
  { minutes: 1440, label: "24 hours" },
];

/** The browser client's rules: consent, the share of UI events kept, the incident burst and the allowed origins. */
export function BrowserSdkPanel({ projectId, origin }: { projectId: string; origin: string }) {
  const settings = useQuery({ queryKey: settingsKeys.sdkSettings(projectId), queryFn: settingsApi.sdkSettings });
  return (
    <section className="card" aria-labelledby="browser-sdk-title">
      <h2 id="browser-sdk-title">Browser telemetry</h2>
      <p className="muted small">
        Pages send events with the project&apos;s <em>public</em> key (it can only write events). Import the client from this server:
      </p>
      <pre className="json">{`import { createPrism } from "${origin}/sdk/prism.js";
const prism = createPrism({ key: "pk-prism-…" });
prism.track("checkout.clicked", { plan: "pro" });`}</pre>
      <QueryState query={settings} what="browser telemetry settings">
        {(data) => <BrowserSdkForm key={data.settings.updatedAt ?? "defaults"} projectId={projectId} initial={data.settings} />}
      </QueryState>
    </section>
  );
}

function BrowserSdkForm({ projectId, initial }: { projectId: string; initial: BrowserSdkSettingsView }) {
  const qc = useQueryClient();
  const [requireConsent, setRequireConsent] = useState(initial.requireConsent);
  const [percent, setPercent] = useState(String(Math.round(initial.uiSampleRate * 10000) / 100));
  const [burstMinutes, setBurstMinutes] = useState(0);
  const [origins, setOrigins] = useState(initial.allowedOrigins.join("\n"));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: settingsApi.saveSdkSettings,
    onSuccess: () => setSaved(true),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: settingsKeys.sdkSettings(projectId) });
      qc.invalidateQueries({ queryKey: settingsKeys.audit(projectId) });
    },
  });
  const burstOn = initial.burstUntil !== null && new Date(initial.burstUntil) > new Date();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    const allowedOrigins = origins.split(/\s+/).filter(Boolean);
    // Saving without choosing a new burst keeps a running one for the minutes it has left.
    const keep = burstOn && burstMinutes === 0 ? Math.ceil((new Date(initial.burstUntil!).getTime() - Date.now()) / 60_000) : burstMinutes;
    save.mutate({ requireConsent, uiSampleRate: Number(percent) / 100, burstMinutes: keep, allowedOrigins });
  }

  return (
    <form onSubmit={onSubmit} aria-label="Browser telemetry settings">
      <label className="check">
        <input type="checkbox" checked={requireConsent} onChange={(e) => setRequireConsent(e.target.checked)} /> Require consent: pages send and store nothing until the visitor agrees
      </label>
      <div className="form-row">
        <label>
          Keep this share of UI events (%)
          <input type="number" min={0} max={100} step="any" value={percent} onChange={(e) => setPercent(e.target.value)} required />
        </label>
        <label>
          Burst to 100% for
          <select value={burstMinutes} onChange={(e) => setBurstMinutes(Number(e.target.value))}>
            {BURSTS.map((b) => (
              <option key={b.minutes} value={b.minutes}>{b.minutes === 0 && burstOn ? "Keep the running burst" : b.label}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">
        LLM cost events (<code>llm.cost</code>) are always kept. {burstOn ? `A burst keeps every event until ${formatDate(initial.burstUntil)}.` : "No burst is running."}
      </p>
      <label>
        Allowed origins, one per line (empty: any site may send with the public key)
        <textarea className="mono" rows={3} value={origins} onChange={(e) => setOrigins(e.target.value)} placeholder="https://app.example.com" />
      </label>
      <div className="form-row section">
        <button className="btn btn-primary" type="submit" disabled={save.isPending}>Save browser telemetry settings</button>
        {burstOn ? (
          <button type="button" className="btn" disabled={save.isPending} onClick={() => save.mutate({ requireConsent: initial.requireConsent, uiSampleRate: initial.uiSampleRate, burstMinutes: 0, allowedOrigins: initial.allowedOrigins })}>
            End burst now
          </button>
        ) : null}
        <span className="muted small">Last changed: {formatDate(initial.updatedAt)}</span>
      </div>
      {save.isError ? <div className="alert alert-error" role="alert">{save.error.message}</div> : null}
      {saved ? <div className="alert alert-ok" role="status">Saved.</div> : null}
    </form>
  );
}
