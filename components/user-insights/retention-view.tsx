"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatDate, formatPercent, toPercentPoints } from "@/components/format";
import { retentionCurve, type RetentionReply } from "@/lib/user-insights/retention";
import { yAxisLabel } from "@/components/charts/axis-label";

const axis = { fill: "var(--muted)", fontSize: 12 };
const COLORS = ["var(--chart-1)", "var(--chart-2)", "var(--chart-3)", "#0e7490", "#a21caf", "#b45309"];

/** The heat-mapped triangle: one row per start period, one column per period after it. */
export function RetentionTriangle({ reply, periods }: { reply: RetentionReply; periods: number }) {
  const unit = reply.period === "day" ? "Day" : "Week";
  return (
    <div className="table-wrap">
      <table aria-label="Retention by start period">
        <thead>
          <tr>
            <th>Start ({reply.period === "day" ? "day" : "week"}, UTC)</th>
            <th className="num">Users</th>
            {Array.from({ length: periods }, (_, k) => (
              <th key={k} className="num">
                {unit} {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {reply.cohorts.map((c) => (
            <tr key={c.start}>
              <td>{formatDate(c.start)}</td>
              <td className="num">{formatCount(c.size)}</td>
              {Array.from({ length: periods }, (_, k) => {
                if (k >= c.retained.length) return <td key={k} />;
                const share = c.size === 0 ? null : c.retained[k] / c.size;
                return (
                  <td
                    key={k}
                    className="num"
                    title={`${formatCount(c.retained[k])} of ${formatCount(c.size)}`}
                    style={share === null ? undefined : { background: `color-mix(in srgb, var(--chart-1) ${Math.round(share * 60)}%, transparent)` }}
                  >
                    {share === null ? "—" : formatPercent(share)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Retention curves: overall and one per breakdown value. */
export function RetentionCurves({ reply, periods, labels = {} }: { reply: RetentionReply; periods: number; labels?: Record<string, string> }) {
  const series = [{ key: "All users", cohorts: reply.cohorts }, ...(reply.breakdown ?? []).map((b) => ({ key: labels[b.key] ?? b.key, cohorts: b.cohorts }))].slice(0, 6);
  const curves = series.map((s) => retentionCurve(s.cohorts, periods));
  const data = Array.from({ length: periods }, (_, k) => Object.fromEntries([["k", k], ...series.map((s, i) => [s.key, toPercentPoints(curves[i][k], 1)])]));
  const empty = reply.cohorts.every((c) => c.size === 0);
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Retention curve</h2>
      </figcaption>
      {empty ? (
        <p className="muted">Nobody performed the start event in this range.</p>
      ) : (
        <div style={{ width: "100%", height: 280 }}>
          <ResponsiveContainer>
            <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="k" tick={axis} label={{ value: `${reply.period === "day" ? "Days" : "Weeks"} after start`, position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis tick={axis} unit="%" domain={[0, 100]} label={yAxisLabel("Retained (%)")} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(v) => `${v}%`} />
              <Legend verticalAlign="top" />
              {series.map((s, i) => (
                <Line key={s.key} type="linear" dataKey={s.key} stroke={COLORS[i % COLORS.length]} strokeWidth={2} dot connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
