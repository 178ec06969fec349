"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { TrendPoint } from "@/lib/sentiment/store/dashboard";
import { formatNumber } from "@/components/format";
import { yAxisLabel } from "@/components/charts/axis-label";

const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "#c2410c", "#0e7490", "#a21caf", "#4d7c0f", "#b45309", "#64748b"];

/** Mean polarity of the end users' text per day, one line per group (model, prompt version or trace name). */
export function SentimentTrendChart({ trend, groups, groupLabel }: { trend: TrendPoint[]; groups: string[]; groupLabel: string }) {
  const days = [...new Set(trend.map((p) => p.day))].sort();
  const data = days.map((day) => {
    const row: Record<string, string | number> = { day };
    for (const p of trend) if (p.day === day) row[p.group] = Number(p.meanPolarity.toFixed(3));
    return row;
  });
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Mean user sentiment per day, by {groupLabel}</h2>
        <p className="muted small">Polarity of the end users&apos; own words, −1 (negative) to +1 (positive).</p>
      </figcaption>
      {data.length === 0 ? (
        <p className="muted">No analysed traces in this period.</p>
      ) : (
        <div style={{ width: "100%", height: 300 }}>
          <ResponsiveContainer>
            <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fill: "var(--muted)", fontSize: 12 }} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis domain={[-1, 1]} tick={{ fill: "var(--muted)", fontSize: 12 }} label={yAxisLabel("Mean polarity")} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(v) => formatNumber(Number(v), 3)} />
              <Legend verticalAlign="top" />
              {groups.map((g, i) => (
                <Line key={g} type="linear" dataKey={g} name={g} stroke={COLORS[i % COLORS.length]} dot={false} strokeWidth={2} connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
