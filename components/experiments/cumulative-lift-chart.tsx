"use client";

import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, toPercentPoints } from "@/components/format";
import { yAxisLabel } from "@/components/charts/axis-label";

export interface CumulativePoint {
  day: string;
  n: number;
  controlN: number;
  lift: number | null;
  lower: number | null;
  upper: number | null;
}


/**
 * The cumulative lift of one treatment over time with its sequential interval (an always-valid confidence sequence,
 * so watching it daily does not inflate false positives). One point per day the results job ran.
 */
export function CumulativeLiftChart({ title, points, intervalLabel }: { title: string; points: CumulativePoint[]; intervalLabel: string }) {
  const data = points
    .map((p) => ({ day: p.day, users: p.n + p.controlN, lift: toPercentPoints(p.lift), band: [toPercentPoints(p.lower), toPercentPoints(p.upper)] as [number | null, number | null] }))
    .filter((p) => p.lift !== null);
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <figcaption className="small muted">{title}</figcaption>
      {data.length === 0 ? (
        <p className="muted small">No daily results yet: the series gains one point for each day the results job runs.</p>
      ) : (
        <div style={{ width: "100%", height: 240 }}>
          <ResponsiveContainer>
            <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 12, right: 24, bottom: 28, left: 16 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis
                dataKey="day"
                tick={{ fill: "var(--muted)", fontSize: 12 }}
                label={{ value: "Day (UTC), cumulative since start", position: "insideBottom", offset: -16, fill: "var(--muted)", fontSize: 12 }}
              />
              <YAxis
                tickFormatter={(v: number) => `${v > 0 ? "+" : ""}${v.toFixed(0)}%`}
                tick={{ fill: "var(--muted)", fontSize: 12 }}
                label={yAxisLabel("Relative lift (%)", { fontSize: 12 })}
              />
              <Tooltip
                contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
                formatter={(value, name) => {
                  if (name === "band") {
                    const [lo, hi] = value as unknown as [number | null, number | null];
                    return [`${lo === null ? "−∞" : `${lo.toFixed(1)}%`} to ${hi === null ? "+∞" : `${hi.toFixed(1)}%`}`, intervalLabel];
                  }
                  if (name === "lift") return [`${Number(value).toFixed(1)}%`, "Lift"];
                  return [String(value), String(name)];
                }}
              />
              <ReferenceLine y={0} stroke="var(--text)" strokeWidth={1.5} />
              <Area dataKey="band" stroke="none" fill="var(--accent)" fillOpacity={0.18} isAnimationActive={false} connectNulls />
              <Line dataKey="lift" stroke="var(--accent)" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      {data.length > 0 ? (
        <p className="muted small" style={{ margin: 0 }}>
          {data.length} day{data.length === 1 ? "" : "s"}; latest {formatCount(data[data.length - 1].users)} users in this comparison.
        </p>
      ) : null}
    </figure>
  );
}
