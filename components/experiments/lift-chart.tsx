"use client";

import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface LiftRow {
  variant: string;
  lift: number | null;
  low: number | null;
  high: number | null;
  tone: "win" | "loss" | "neutral" | "warn";
}

const color = { win: "var(--ok)", loss: "var(--danger)", neutral: "var(--muted)", warn: "var(--warn)" } as const;

/** Relative lift of each treatment with its interval drawn as a bar against zero (no change). */
export function LiftChart({ title, rows, intervalLabel }: { title: string; rows: LiftRow[]; intervalLabel: string }) {
  // One-sided or missing bounds cannot be drawn honestly: those rows are left out and say so in the table.
  const data = rows
    .filter((r) => r.low !== null && r.high !== null)
    .map((r) => ({ ...r, range: [r.low! * 100, r.high! * 100] as [number, number] }));
  const widest = Math.max(5, ...data.flatMap((d) => [Math.abs(d.range[0]), Math.abs(d.range[1])]));
  const extent = Math.ceil((widest * 1.05) / 10) * 10;
  const ticks = [-extent, -extent / 2, 0, extent / 2, extent];
  return (
    <figure style={{ margin: 0 }} aria-label={title}>
      <figcaption className="small muted">{title}</figcaption>
      {data.length === 0 ? (
        <p className="muted small">No interval to draw yet: it needs users with outcomes in both the control and a treatment.</p>
      ) : (
        <div style={{ width: "100%", height: 70 + data.length * 44 }}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 20, right: 24, bottom: 24, left: 16 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
              <XAxis
                type="number"
                domain={[-extent, extent]}
                ticks={ticks}
                tickFormatter={(v: number) => `${v > 0 ? "+" : ""}${v.toFixed(0)}%`}
                tick={{ fill: "var(--muted)", fontSize: 12 }}
                label={{ value: `Relative lift vs control (%), ${intervalLabel}`, position: "insideBottom", offset: -14, fill: "var(--muted)", fontSize: 12 }}
              />
              <YAxis type="category" dataKey="variant" width={90} tick={{ fill: "var(--text)", fontSize: 12 }} label={{ value: "Variant", angle: -90, position: "left", offset: 0, fill: "var(--muted)", fontSize: 12 }} />
              <Tooltip
                contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
                formatter={(value) => {
                  const [lo, hi] = value as unknown as [number, number];
                  return [`${lo.toFixed(1)}% to ${hi.toFixed(1)}%`, "Interval"];
                }}
              />
              <ReferenceLine x={0} stroke="var(--text)" strokeWidth={1.5} label={{ value: "no change", position: "top", fill: "var(--muted)", fontSize: 11 }} />
              <Bar dataKey="range" barSize={14} isAnimationActive={false}>
                {data.map((d) => (
                  <Cell key={d.variant} fill={color[d.tone]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
