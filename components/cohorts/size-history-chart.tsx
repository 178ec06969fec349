"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatTimestamp } from "@/components/format";
import { yAxisLabel } from "@/components/charts/axis-label";

const axis = { fill: "var(--muted)", fontSize: 12 };

/** Cohort size at each refresh that changed it. */
export function SizeHistoryChart({ history }: { history: { computedAt: string; size: number }[] }) {
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Size over time</h2>
      </figcaption>
      {history.length === 0 ? (
        <p className="muted">No refresh has run yet.</p>
      ) : (
        <div style={{ width: "100%", height: 240 }}>
          <ResponsiveContainer>
            <LineChart accessibilityLayer={false} data={history} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="computedAt" tick={axis} tickFormatter={(v) => formatTimestamp(v)} label={{ value: "Refreshed at (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis tick={axis} allowDecimals={false} label={yAxisLabel("Members")} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} labelFormatter={(v) => formatTimestamp(String(v))} formatter={(v) => formatCount(Number(v))} />
              <Line type="stepAfter" dataKey="size" name="Members" stroke="var(--chart-1)" strokeWidth={2} dot isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
