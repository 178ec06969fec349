"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SpectrumOverview } from "@/lib/spectrum/store/read";

/** How many of the recent sessions showed each pattern (a session can show none or several). */
export function PatternChart({ patterns }: { patterns: SpectrumOverview["patterns"] }) {
  return (
    <figure className="card spectrum-figure" data-testid="patterns">
      <figcaption>
        <h2>Your session patterns</h2>
        <p className="muted small">How your mood moved within a conversation, last 16 weeks.</p>
      </figcaption>
      {patterns.length === 0 ? (
        <p className="muted">No patterns yet: they need a few messages per session.</p>
      ) : (
        <div className="spectrum-chart" style={{ height: Math.max(160, patterns.length * 34 + 60) }}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={patterns} layout="vertical" margin={{ top: 4, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fill: "var(--muted)", fontSize: 11 }} label={{ value: "Sessions", position: "insideBottom", offset: -16, fill: "var(--muted)", fontSize: 12 }} />
              <YAxis type="category" dataKey="label" width={130} tick={{ fill: "var(--muted)", fontSize: 11 }} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
              <Bar dataKey="sessions" name="Sessions" fill="var(--chart-1)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
