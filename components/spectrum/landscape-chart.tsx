"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EMOTIONS } from "@/lib/spectrum/types";
import type { SpectrumOverview } from "@/lib/spectrum/store/read";
import { EMOTION_COLORS } from "./emotion-colors";

/** Stacked mean intensity of each emotion per week (each emotion 0..1; the stack shows their mix). */
export function LandscapeChart({ weeks }: { weeks: SpectrumOverview["weeks"] }) {
  return (
    <figure className="card spectrum-figure" data-testid="landscape">
      <figcaption>
        <h2>Your emotional landscape</h2>
        <p className="muted small">Average intensity of each mood in your conversations, week by week.</p>
      </figcaption>
      {weeks.length === 0 ? (
        <p className="muted">No analysed conversations yet. Your landscape appears after your first finished session.</p>
      ) : (
        <div className="spectrum-chart">
          <ResponsiveContainer>
            <AreaChart accessibilityLayer={false} data={weeks} margin={{ top: 8, right: 8, bottom: 24, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="weekStart" tick={{ fill: "var(--muted)", fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} label={{ value: "Week starting (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)", fontSize: 12 }} />
              <YAxis tick={{ fill: "var(--muted)", fontSize: 11 }} width={44} label={{ value: "Intensity (0–1 each)", angle: -90, position: "insideLeft", fill: "var(--muted)", fontSize: 12, dy: 60 }} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(v) => Number(v).toFixed(2)} />
              <Legend verticalAlign="top" height={40} wrapperStyle={{ fontSize: 12 }} />
              {EMOTIONS.map((e) => (
                <Area key={e} type="linear" dataKey={e} name={e} stackId="mood" stroke={EMOTION_COLORS[e]} fill={EMOTION_COLORS[e]} fillOpacity={0.55} isAnimationActive={false} />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
