"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { toDateTimeInput } from "@/components/format";
import { insightsApi } from "./queries";
import { RootCauseView } from "./root-cause-view";

const HOUR = 3_600_000;

/** Root cause of any metric between two windows the user picks (POST /api/v1/insights/root-cause). */
export function RootCauseExplorer({ metrics, now }: { metrics: { name: string; label: string }[]; now: string }) {
  const end = new Date(Math.floor(Date.parse(now) / HOUR) * HOUR);
  const [form, setForm] = useState({
    metric: metrics[0]?.name ?? "error_rate",
    currentFrom: toDateTimeInput(end.getTime() - 24 * HOUR),
    currentTo: toDateTimeInput(end),
    baselineFrom: toDateTimeInput(end.getTime() - 8 * 24 * HOUR),
    baselineTo: toDateTimeInput(end.getTime() - 24 * HOUR),
  });
  const analysis = useMutation({ mutationFn: insightsApi.rootCause });
  // The inputs hold UTC minutes (toDateTimeInput): read them back as UTC, whatever the browser's zone.
  const iso = (utcMinute: string) => (utcMinute ? new Date(`${utcMinute}:00Z`).toISOString() : utcMinute);
  const field = (key: keyof typeof form, label: string) => (
    <label>
      {label}
      <input type="datetime-local" value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} required />
    </label>
  );
  return (
    <div className="grid">
      <form
        className="card form-grid"
        aria-label="Root cause analysis"
        onSubmit={(e) => {
          e.preventDefault();
          analysis.mutate({
            metric: form.metric,
            current: { from: iso(form.currentFrom), to: iso(form.currentTo) },
            baseline: { from: iso(form.baselineFrom), to: iso(form.baselineTo) },
          });
        }}
      >
        <label>
          Metric
          <select value={form.metric} onChange={(e) => setForm({ ...form, metric: e.target.value })}>
            {metrics.map((m) => (
              <option key={m.name} value={m.name}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
        {field("currentFrom", "Current from (UTC)")}
        {field("currentTo", "Current to (UTC)")}
        {field("baselineFrom", "Baseline from (UTC)")}
        {field("baselineTo", "Baseline to (UTC)")}
        <button className="btn btn-primary" type="submit" disabled={analysis.isPending}>
          {analysis.isPending ? "Analysing…" : "Explain the change"}
        </button>
      </form>
      {analysis.isError && (
        <div className="alert alert-error" role="alert">
          {analysis.error.message}
        </div>
      )}
      {analysis.data && <RootCauseView result={analysis.data} />}
    </div>
  );
}
