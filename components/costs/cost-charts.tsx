"use client";

import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DayCostRow, ModelCostRow } from "@/lib/traces/store/costs";
import { formatDuration } from "@/components/format";
import { yAxisLabel } from "@/components/charts/axis-label";

const thousands = (v: number) => Number(v).toLocaleString("en-US");
/** Axis ticks in seconds, as the tables show latency. */
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;

const axis = { fill: "var(--muted)", fontSize: 12 };
const tooltip = { background: "var(--panel)", border: "1px solid var(--border)" };

function ChartCard({ title, empty, note, children }: { title: string; empty: boolean; note?: string; children: React.ReactElement }) {
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>{title}</h2>
        {note && !empty ? <p className="muted small">{note}</p> : null}
      </figcaption>
      {empty ? (
        <p className="muted">No model calls in this range.</p>
      ) : (
        <div style={{ width: "100%", height: 260 }}>
          <ResponsiveContainer>{children}</ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

const usd = (v: number) => `$${v < 0.01 ? v.toFixed(5) : v.toFixed(2)}`;

/** `partial`: days the range covers only in part (its first and the current day), drawn lighter. */
export function CostByDayChart({ data, partial = [] }: { data: DayCostRow[]; partial?: string[] }) {
  const shown = partial.filter((d) => data.some((r) => r.day === d));
  return (
    <ChartCard title="Cost per day" empty={data.length === 0} note={shown.length ? `Lighter bars: ${shown.join(" and ")} (UTC), days the range covers only in part.` : undefined}>
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="day" tick={axis} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
        <YAxis tick={axis} tickFormatter={usd} label={yAxisLabel("Cost (USD)")} />
        <Tooltip contentStyle={tooltip} formatter={(v) => usd(Number(v))} />
        <Bar dataKey="cost" name="Cost (USD)" fill="var(--chart-1)" isAnimationActive={false}>
          {data.map((r) => (
            <Cell key={r.day} fillOpacity={partial.includes(r.day) ? 0.35 : 1} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
}

export function TokensAndErrorsByDayChart({ data }: { data: DayCostRow[] }) {
  const rows = data.map((d) => ({ ...d, errorPct: Math.round(d.errorRate * 10000) / 100 }));
  return (
    <ChartCard title="Tokens and error rate per day" empty={data.length === 0}>
      <LineChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="day" tick={axis} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
        <YAxis yAxisId="tokens" tick={axis} tickFormatter={thousands} width={64} label={yAxisLabel("Tokens")} />
        <YAxis yAxisId="errors" orientation="right" tick={axis} unit="%" label={{ value: "Error rate (%)", angle: 90, position: "insideRight", fill: "var(--muted)" }} />
        <Tooltip contentStyle={tooltip} formatter={(v, name) => (name === "Tokens" ? thousands(Number(v)) : `${v}%`)} />
        <Legend verticalAlign="top" />
        <Line yAxisId="tokens" type="linear" dataKey="tokens" name="Tokens" stroke="var(--chart-1)" dot={false} strokeWidth={2} isAnimationActive={false} />
        <Line yAxisId="errors" type="linear" dataKey="errorPct" name="Error rate (%)" stroke="var(--chart-2)" dot={false} strokeWidth={2} isAnimationActive={false} />
      </LineChart>
    </ChartCard>
  );
}

export function LatencyByModelChart({ data }: { data: ModelCostRow[] }) {
  return (
    <ChartCard title="Latency by model (p50 / p95 / p99)" empty={data.length === 0}>
      <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 0, left: 24 }}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="model" tick={{ ...axis, fontSize: 11 }} interval={0} angle={-30} textAnchor="end" height={72} tickFormatter={(m: string) => (m.length > 16 ? `${m.slice(0, 15)}…` : m)} />
        <YAxis tick={axis} tickFormatter={seconds} label={yAxisLabel("Latency (s)")} />
        <Tooltip contentStyle={tooltip} formatter={(v) => formatDuration(Number(v))} />
        <Legend verticalAlign="top" />
        <Bar dataKey="p50Ms" name="p50" fill="var(--chart-3)" isAnimationActive={false} />
        <Bar dataKey="p95Ms" name="p95" fill="var(--chart-1)" isAnimationActive={false} />
        <Bar dataKey="p99Ms" name="p99" fill="var(--chart-2)" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}
