"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { yAxisLabel } from "@/components/charts/axis-label";

export interface CalibrationPoint {
  from: number;
  to: number;
  users: number;
  predicted: number;
  observed: number;
}

/** Per risk bin, the mean predicted churn against the share that did churn: on a calibrated model the lines meet. */
export function ChurnCalibrationChart({ bins }: { bins: CalibrationPoint[] }) {
  if (bins.length === 0) return <p className="muted">No evaluated users, so there is nothing to compare.</p>;
  const data = bins.map((b) => ({
    bin: `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`,
    predicted: Math.round(b.predicted * 1000) / 10,
    observed: Math.round(b.observed * 1000) / 10,
    users: b.users,
  }));
  return (
    <figure style={{ margin: 0, width: "100%", height: 280 }} aria-label="Predicted and observed churn per risk bin">
      <ResponsiveContainer>
        <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 12, bottom: 28, left: 4 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="bin" tick={{ fill: "var(--muted)", fontSize: 11 }} label={{ value: "Predicted risk bin", position: "insideBottom", offset: -18, fill: "var(--muted)" }} />
          <YAxis domain={[0, 100]} unit="%" width={48} tick={{ fill: "var(--muted)", fontSize: 12 }} label={yAxisLabel("Churn (%)")} />
          <Tooltip
            contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
            formatter={(value, name) => [`${value}%`, name === "predicted" ? "Mean predicted" : "Observed"]}
            labelFormatter={(label, payload) => `${label} · ${payload?.[0]?.payload?.users ?? 0} users`}
          />
          <Legend verticalAlign="top" formatter={(name) => (name === "predicted" ? "Mean predicted risk" : "Observed churn")} />
          <Line dataKey="predicted" stroke="var(--chart-1)" strokeDasharray="4 3" dot isAnimationActive={false} />
          <Line dataKey="observed" stroke="var(--chart-2)" dot isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
