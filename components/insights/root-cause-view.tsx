"use client";

import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Jsonified } from "@/components/ui/api";
import type { RootCauseResult } from "@/lib/insights/root-cause/analyze";
import { dimensionLabel } from "@/lib/insights/root-cause/dimensions";
import { formatDate, formatMetricValue, formatPercent } from "@/components/format";
import { yAxisLabel } from "@/components/charts/axis-label";

type Result = Jsonified<RootCauseResult>;

const EVENT_LABEL: Record<string, string> = {
  release: "New release",
  prompt_version: "New prompt version",
  experiment_started: "Experiment started",
  experiment_stopped: "Experiment stopped",
  price_change: "Model price change",
  drift: "Drift detected",
  alert: "Alert sent",
};

const EFFECT_LABEL: Record<string, string> = {
  rate: "its own value changed",
  mix: "its share of traffic changed (mix)",
  volume: "its volume changed",
};

/** A root cause: the top candidates (contribution bars, baseline vs current chart, trace links) and the change events. */
export function RootCauseView({ result }: { result: Result }) {
  const top = result.candidates.slice(0, 5);
  const chart = top.map((c) => ({ segment: `${c.value}`, baseline: c.baseline, current: c.current }));
  return (
    <div className="grid">
      <section className="card" aria-label="Change">
        <h2>
          {result.label}: {formatMetricValue(result.baseline.value, result.unit)} → {formatMetricValue(result.current.value, result.unit)}
        </h2>
        <p className="muted small">
          Baseline {formatDate(result.baseline.from)} – {formatDate(result.baseline.to)} · current {formatDate(result.current.from)} – {formatDate(result.current.to)}.
          Attributed: {result.attributed}. Method: {result.method}; {result.dimensions.length} {result.dimensions.length === 1 ? "dimension" : "dimensions"} analysed in {result.durationMs} ms.
        </p>
      </section>
      {top.length === 0 ? (
        <section className="card" aria-label="Candidates">
          <h2>Candidates</h2>
          <p className="muted">
            No segment explains at least 10% of this change more than its size would: the change is spread evenly over every model, environment,
            release, prompt version, trace name, tool, plan and country analysed, or the windows hold too little data.
          </p>
        </section>
      ) : (
        <>
          <section className="card table-wrap" aria-label="Candidates">
            <h2>What explains the change</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">Segment</th>
                  <th scope="col">Share of the change</th>
                  <th scope="col">Baseline</th>
                  <th scope="col">Current</th>
                  <th scope="col">Why</th>
                  <th scope="col">Traces</th>
                </tr>
              </thead>
              <tbody>
                {result.candidates.map((c) => (
                  <tr key={`${c.dimension}=${c.value}`} data-dimension={c.dimension} data-value={c.value}>
                    <td>
                      <span className="muted small">{dimensionLabel(c.dimension)}</span> <strong>{c.value}</strong>
                    </td>
                    <td>
                      <meter min={0} max={1} value={c.contribution} aria-label={`Explains ${formatPercent(c.contribution, 0)}`} /> {formatPercent(c.contribution, 0)}
                    </td>
                    <td>{formatMetricValue(c.baseline, result.unit)}</td>
                    <td>{formatMetricValue(c.current, result.unit)}</td>
                    <td className="small">
                      {EFFECT_LABEL[c.evidence.effect]}; traffic share {formatPercent(c.evidence.baselineShare, 0)} → {formatPercent(c.evidence.currentShare, 0)}
                    </td>
                    <td>
                      <Link href={c.links.traces}>Traces</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <figure className="card" style={{ margin: 0 }}>
            <figcaption>
              <h2>Top segments, baseline vs current ({result.unit || "value"})</h2>
            </figcaption>
            <div style={{ width: "100%", height: 260 }}>
              <ResponsiveContainer>
                <BarChart accessibilityLayer={false} data={chart} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
                  <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                  <XAxis dataKey="segment" tick={{ fill: "var(--muted)", fontSize: 12 }} label={{ value: "Segment", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
                  <YAxis
                    tick={{ fill: "var(--muted)", fontSize: 12 }}
                    tickFormatter={(v: number) => formatMetricValue(v, result.unit)}
                    label={yAxisLabel(result.label)}
                  />
                  <Tooltip formatter={(v) => formatMetricValue(Number(v), result.unit)} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
                  <Legend verticalAlign="top" />
                  <Bar dataKey="baseline" name="Baseline" fill="var(--chart-2)" isAnimationActive={false} />
                  <Bar dataKey="current" name="Current" fill="var(--chart-1)" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          </figure>
        </>
      )}
      <section className="card" aria-label="Change events">
        <h2>Changes around the window</h2>
        {result.changeEvents.length === 0 ? (
          <p className="muted">No new release or prompt version, experiment start or stop, price change, drift or alert from two days before the window to its end.</p>
        ) : (
          <ol className="timeline">
            {result.changeEvents.map((e, i) => (
              <li key={i}>
                <span className="muted small">{formatDate(e.at)}</span> {EVENT_LABEL[e.kind] ?? e.kind}: {e.href ? <Link href={e.href}>{e.label}</Link> : <strong>{e.label}</strong>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
