"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DailyActivity } from "@/lib/overview/summary";
import { yAxisLabel } from "@/components/charts/axis-label";

const SERIES = [
  { key: "sessions", name: "Sessions", color: "var(--chart-1)" },
  { key: "activeUsers", name: "Active users", color: "var(--chart-2)" },
] as const;

/**
 * Each series as a solid line over whole days and a dashed one into the days the range covers only in part (its cut
 * first day and today), so a part-day's low count does not read as a drop.
 */
export function splitPartialDays(data: DailyActivity[], partial: string[]) {
  const cut = new Set(partial);
  return data.map((d, i) => {
    const row: Record<string, string | number | null> = { day: d.day };
    const near = cut.has(d.day) || cut.has(data[i - 1]?.day ?? "") || cut.has(data[i + 1]?.day ?? "");
    for (const s of SERIES) {
      row[s.key] = cut.has(d.day) ? null : d[s.key];
      row[`${s.key}Partial`] = near ? d[s.key] : null;
    }
    return row;
  });
}

/** `partial`: days (YYYY-MM-DD) the range covers only in part, drawn dashed. */
export function DailyActivityChart({ data, partial = [] }: { data: DailyActivity[]; partial?: string[] }) {
  const shown = partial.filter((d) => data.some((r) => r.day === d));
  const rows = splitPartialDays(data, shown);
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Daily sessions and active users</h2>
      </figcaption>
      {data.length === 0 ? (
        <p className="muted">No events in this period yet. Send events to /api/v1/ingest to see activity here.</p>
      ) : (
        <>
          <div style={{ width: "100%", height: 280 }}>
            <ResponsiveContainer>
              <LineChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                <XAxis dataKey="day" tick={{ fill: "var(--muted)", fontSize: 12 }} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
                <YAxis tick={{ fill: "var(--muted)", fontSize: 12 }} allowDecimals={false} label={yAxisLabel("Count per day")} />
                <Tooltip
                  contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
                  // The dashed series repeats the neighbouring whole days' values; the tooltip shows each value once.
                  formatter={(v, name, item) => {
                    const key = String(item.dataKey ?? "");
                    const partialDay = shown.includes(String(item.payload?.day));
                    // A formatter's null hides the entry (recharts' DefaultTooltipContent).
                    if (key.endsWith("Partial") !== partialDay) return null as unknown as [string, string];
                    return [String(v), partialDay ? `${name} (part of the day)` : String(name)];
                  }}
                />
                <Legend verticalAlign="top" />
                {SERIES.map((s) => (
                  <Line key={s.key} type="linear" dataKey={s.key} name={s.name} stroke={s.color} dot={false} strokeWidth={2} isAnimationActive={false} connectNulls={false} />
                ))}
                {SERIES.map((s) => (
                  <Line key={`${s.key}Partial`} type="linear" dataKey={`${s.key}Partial`} name={s.name} stroke={s.color} strokeDasharray="5 4" strokeOpacity={0.6} dot={{ r: 3, fillOpacity: 0 }} strokeWidth={2} isAnimationActive={false} legendType="none" connectNulls={false} />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          {shown.length ? <p className="muted small" data-testid="partial-days-note">Dashed: {shown.join(" and ")} (UTC), days the range covers only in part.</p> : null}
        </>
      )}
    </figure>
  );
}
