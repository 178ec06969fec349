"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { yAxisLabel } from "@/components/charts/axis-label";

/** Conversations per topic started in the week before last and in the last 7 days of the clustering's window. */
export function TopicTrendChart({ topics }: { topics: { label: string; lastWeek: number; thisWeek: number }[] }) {
  // Bare numbers (1, 2, … as #1, #2 in the table) so up to 15 topics fit a phone's axis (with "#" their ticks ran
  // into each other at 390 px from 11 topics on); the tooltip names the topic.
  const data = topics.map((t, i) => ({ tick: String(i + 1), label: t.label, lastWeek: t.lastWeek, thisWeek: t.thisWeek }));
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Topic trend: last week vs this week</h2>
        <p className="muted small">Conversations started per topic in each 7-day period, counted at the clustering run.</p>
      </figcaption>
      {data.length === 0 ? (
        <p className="muted">No topics yet.</p>
      ) : (
        <div style={{ width: "100%", height: 280 }}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="tick" tick={{ fill: "var(--muted)", fontSize: 11 }} interval={0} label={{ value: "Topic (# as in the table)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis allowDecimals={false} tick={{ fill: "var(--muted)", fontSize: 12 }} label={yAxisLabel("Conversations")} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} labelFormatter={(tick, items) => `#${tick} ${items?.[0]?.payload?.label ?? ""}`} />
              <Legend verticalAlign="top" />
              <Bar dataKey="lastWeek" name="Previous 7 days" fill="var(--chart-2)" isAnimationActive={false} />
              <Bar dataKey="thisWeek" name="Last 7 days" fill="var(--chart-1)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
