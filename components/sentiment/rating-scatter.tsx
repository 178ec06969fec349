"use client";

import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { yAxisLabel } from "@/components/charts/axis-label";

/** One dot per conversation: its mean user sentiment against its mean rating. */
export function RatingScatter({ points, rating }: { points: { polarity: number; rating: number }[]; rating: string }) {
  return (
    <div style={{ width: "100%", height: 260 }}>
      <ResponsiveContainer>
        <ScatterChart accessibilityLayer={false} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis type="number" dataKey="polarity" name="Mean polarity" domain={[-1, 1]} tick={{ fill: "var(--muted)", fontSize: 12 }} label={{ value: "Sentiment (mean polarity)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
          <YAxis type="number" dataKey="rating" name={rating} tick={{ fill: "var(--muted)", fontSize: 12 }} label={yAxisLabel(`Mean ${rating}`)} />
          <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
          <Scatter data={points} fill="var(--chart-1)" fillOpacity={0.6} isAnimationActive={false} />
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
