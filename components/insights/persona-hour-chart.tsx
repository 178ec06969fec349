"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { yAxisLabel } from "@/components/charts/axis-label";

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "#c2410c", "#0e7490", "#a21caf", "#4d7c0f", "#b45309", "#64748b", "#be123c", "#1d4ed8", "#15803d"];

/** Each persona's share of the traces in each UTC hour (hours without traffic are gaps, not zeros). */
export function PersonaHourChart({ personas }: { personas: { persona: string; byHour: { hour: number; share: number | null }[] }[] }) {
  const data = Array.from({ length: 24 }, (_, hour) => {
    const row: Record<string, number | null> = { hour };
    for (const p of personas) row[p.persona] = p.byHour[hour].share === null ? null : Math.round(p.byHour[hour].share! * 1000) / 10;
    return row;
  });
  const hasTraffic = personas.some((p) => p.byHour.some((h) => h.share !== null));
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Usage share by hour of day</h2>
        <p className="muted small">Each persona&apos;s share of all traces started in that UTC hour, in %.</p>
      </figcaption>
      {!hasTraffic ? (
        <p className="muted">No traces in this period.</p>
      ) : (
        <div style={{ width: "100%", height: 300 }}>
          <ResponsiveContainer>
            <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="hour" tick={{ fill: "var(--muted)", fontSize: 12 }} label={{ value: "Hour of day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis domain={[0, 100]} tick={{ fill: "var(--muted)", fontSize: 12 }} label={yAxisLabel("Share of traces (%)")} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(v) => `${v}%`} />
              <Legend verticalAlign="top" />
              {personas.map((p, i) => (
                <Line key={p.persona} type="linear" dataKey={p.persona} name={p.persona} stroke={COLORS[i % COLORS.length]} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
