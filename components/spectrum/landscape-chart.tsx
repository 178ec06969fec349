"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EMOTIONS, type Emotion } from "@/lib/spectrum/types";
import type { SpectrumOverview } from "@/lib/spectrum/store/read";
import { EMOTION_COLORS } from "./emotion-colors";

/** Moods drawn as their own small chart; the rest are named below them. */
const SHOWN = 4;

/** The moods most present over the weeks shown, most present first. */
export function topMoods(weeks: SpectrumOverview["weeks"], count = SHOWN): Emotion[] {
  const mean = (e: Emotion) => weeks.reduce((sum, w) => sum + (Number(w[e]) || 0), 0) / Math.max(weeks.length, 1);
  return [...EMOTIONS].sort((a, b) => mean(b) - mean(a)).slice(0, count);
}

/**
 * Small multiples: one chart per mood most present, each on the same 0–1 intensity scale, so each line reads on its
 * own and they compare at a glance (a stack of eight layers summed past its own 0–1 axis and hid the small moods).
 */
export function LandscapeChart({ weeks }: { weeks: SpectrumOverview["weeks"] }) {
  const shown = topMoods(weeks);
  const others = EMOTIONS.filter((e) => !shown.includes(e));
  return (
    <figure className="card spectrum-figure" data-testid="landscape">
      <figcaption>
        <h2>Your emotional landscape</h2>
        <p className="muted small">How strongly each of your most present moods showed up in your conversations, week by week (0 = not at all, 1 = fully).</p>
      </figcaption>
      {weeks.length === 0 ? (
        <p className="muted">No analysed conversations yet. Your landscape appears after your first finished session.</p>
      ) : (
        <>
          <div className="mood-multiples">
            {shown.map((e) => (
              <div key={e} className="mood-multiple" data-mood={e}>
                <h3 className="small">{e}</h3>
                <div className="mood-chart">
                  <ResponsiveContainer>
                    <AreaChart accessibilityLayer={false} data={weeks} margin={{ top: 4, right: 8, bottom: 0, left: 0 }}>
                      <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
                      <XAxis dataKey="weekStart" tick={{ fill: "var(--muted)", fontSize: 10 }} tickFormatter={(d: string) => d.slice(5)} minTickGap={24} />
                      <YAxis domain={[0, 1]} ticks={[0, 0.5, 1]} tick={{ fill: "var(--muted)", fontSize: 10 }} width={28} />
                      <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(v) => Number(v).toFixed(2)} labelFormatter={(d) => `Week of ${d}`} />
                      <Area type="linear" dataKey={e} name={e} stroke={EMOTION_COLORS[e]} fill={EMOTION_COLORS[e]} fillOpacity={0.35} isAnimationActive={false} />
                    </AreaChart>
                  </ResponsiveContainer>
                </div>
              </div>
            ))}
          </div>
          <p className="muted small">Less present: {others.join(", ")}.</p>
        </>
      )}
    </figure>
  );
}
