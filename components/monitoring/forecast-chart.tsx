"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { QualityForecast } from "@/lib/monitoring/store/forecasts";
import { formatDay, formatPercent as pct } from "@/components/format";
import { yAxisLabel } from "@/components/charts/axis-label";

/** History, point forecast and shaded 80%/95% prediction intervals of one quality metric (rates in %). */
export function ForecastChart({ item }: { item: QualityForecast }) {
  const data = [
    ...item.history.map((h) => ({ day: formatDay(h.timestamp), actual: h.value })),
    ...(item.forecast?.points ?? []).map((p) => ({
      day: formatDay(p.timestamp),
      forecast: p.value,
      band95: [p.lower95, p.upper95] as [number, number],
      band80: [p.lower80, p.upper80] as [number, number],
    })),
  ];
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <h3>{item.label}: history and 30-day forecast</h3>
      </figcaption>
      {item.history.length === 0 ? (
        <p className="muted">No daily rollups for this metric yet.</p>
      ) : (
        <div style={{ width: "100%", height: 300 }}>
          <ResponsiveContainer>
            <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 24 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="day" tick={{ fill: "var(--muted)", fontSize: 12 }} minTickGap={24} label={{ value: "Day (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis tickFormatter={(v: number) => pct(v, Number.isInteger(Math.round(v * 1000) / 10) ? 0 : 1)} width={48} tick={{ fill: "var(--muted)", fontSize: 12 }} label={yAxisLabel(item.label, { offset: -8 })} />
              <Tooltip
                contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
                formatter={(v) => (Array.isArray(v) ? `${pct(Number(v[0]))} – ${pct(Number(v[1]))}` : pct(Number(v)))}
              />
              <Legend verticalAlign="top" />
              <Area dataKey="band95" name="95% interval" stroke="none" fill="var(--chart-1)" fillOpacity={0.15} isAnimationActive={false} />
              <Area dataKey="band80" name="80% interval" stroke="none" fill="var(--chart-1)" fillOpacity={0.3} isAnimationActive={false} />
              <Line dataKey="actual" name="Actual" stroke="var(--chart-2)" dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
              <Line dataKey="forecast" name="Forecast" stroke="var(--chart-1)" strokeDasharray="5 3" dot={false} strokeWidth={2} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
