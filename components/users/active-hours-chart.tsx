"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { yAxisLabel } from "@/components/charts/axis-label";

/** Events and traces of one user per UTC hour of day. */
export function ActiveHoursChart({ hours }: { hours: number[] }) {
  const data = hours.map((n, hour) => ({ hour: String(hour).padStart(2, "0"), n }));
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Active hours (UTC)</h2>
      </figcaption>
      {hours.every((n) => n === 0) ? (
        <p className="muted">No events or traces from this user yet.</p>
      ) : (
        <div style={{ width: "100%", height: 220 }}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="hour" tick={{ fill: "var(--muted)", fontSize: 12 }} label={{ value: "Hour of day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis allowDecimals={false} tick={{ fill: "var(--muted)", fontSize: 12 }} label={yAxisLabel("Events + traces")} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
              <Bar dataKey="n" name="Events + traces" fill="var(--chart-1)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
