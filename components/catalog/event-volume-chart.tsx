"use client";
// Stored events per day for the busiest event names (the rest summed as "other"), from the contract counters.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Jsonified } from "@/components/ui/api";
import type { QualityReport } from "@/lib/catalog/quality";
import { yAxisLabel } from "@/components/charts/axis-label";

const SERIES = 5;
// Three theme colours exist; two fixed ones that read on light and dark backgrounds complete the five series.
const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "#c2417a", "#2b8cbe", "var(--muted)"];

export function EventVolumeChart({ report }: { report: Jsonified<QualityReport> }) {
  const totals = new Map<string, number>();
  for (const v of report.volume) totals.set(v.name, (totals.get(v.name) ?? 0) + v.volume);
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, SERIES).map(([name]) => name);
  const names = totals.size > top.length ? [...top, "other"] : top;
  const rows = report.days.map((day) => Object.fromEntries([["day", day], ...names.map((n) => [n, 0])]) as Record<string, string | number>);
  const byDay = new Map(rows.map((r) => [r.day as string, r]));
  for (const v of report.volume) {
    const row = byDay.get(v.day);
    if (row) row[top.includes(v.name) ? v.name : "other"] = (row[top.includes(v.name) ? v.name : "other"] as number) + v.volume;
  }
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Stored events per day</h2>
      </figcaption>
      {names.length === 0 ? (
        <p className="muted">
          No events counted yet. Volume is counted while the contract mode is <code>warn</code> or <code>enforce</code>; set the mode in the catalog below and send events to{" "}
          <code>POST /api/v1/ingest</code>.
        </p>
      ) : (
        <div style={{ width: "100%", height: 280 }}>
          <ResponsiveContainer>
            <LineChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fill: "var(--muted)", fontSize: 12 }} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis tick={{ fill: "var(--muted)", fontSize: 12 }} allowDecimals={false} label={yAxisLabel("Events per day")} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
              <Legend verticalAlign="top" />
              {names.map((n, i) => (
                <Line key={n} type="linear" dataKey={n} name={n} stroke={COLORS[i]} dot={false} strokeWidth={2} isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
