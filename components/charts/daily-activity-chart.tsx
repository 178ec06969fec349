"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailyActivity } from "@/lib/overview/summary";

export function DailyActivityChart({ data }: { data: DailyActivity[] }) {
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Daily sessions and active users</h2>
      </figcaption>
      {data.length === 0 ? (
        <p className="muted">No events in this period yet. Send events to /api/v1/ingest to see activity here.</p>
      ) : (
        <div style={{ width: "100%", height: 280 }}>
          <ResponsiveContainer>
            <LineChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fill: "var(--muted)", fontSize: 12 }} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis tick={{ fill: "var(--muted)", fontSize: 12 }} allowDecimals={false} label={{ value: "Count per day", angle: -90, position: "insideLeft", fill: "var(--muted)" }} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
              <Legend verticalAlign="top" />
              <Line type="linear" dataKey="sessions" name="Sessions" stroke="var(--chart-1)" dot={false} strokeWidth={2} isAnimationActive={false} />
              <Line type="linear" dataKey="activeUsers" name="Active users" stroke="var(--chart-2)" dot={false} strokeWidth={2} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
