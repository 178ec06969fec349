"use client";

import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPercent } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { insightsApi, insightsKeys } from "./queries";
import { yAxisLabel } from "@/components/charts/axis-label";

/** The share of suggestions marked useful (done counts as useful) per week, with each week's n and the 80% target. */
export function UsefulShare({ projectId }: { projectId: string }) {
  const summary = useQuery({ queryKey: insightsKeys.suggestionSummary(projectId), queryFn: insightsApi.suggestionSummary });
  return (
    <QueryState query={summary} what="feedback summary">
      {(reply) => {
        const weeks = reply.weeks.map((w) => ({ ...w, percent: w.usefulShare === null ? null : Math.round(w.usefulShare * 1000) / 10 }));
        return (
          <figure style={{ margin: 0 }}>
            <figcaption>
              <h3 style={{ margin: "0 0 0.3rem" }}>Suggestions marked useful, per week</h3>
              {reply.overall.n === 0 ? (
                <p className="muted small" style={{ margin: 0 }}>
                  No feedback yet: mark suggestions useful, not useful or done to measure how actionable they are (target {formatPercent(reply.target)}).
                </p>
              ) : (
                <p className="small" style={{ margin: 0 }}>
                  <strong>{formatPercent(reply.overall.usefulShare ?? 0)}</strong> useful or done over the last 12 weeks (n = {reply.overall.n} verdicts; target{" "}
                  {formatPercent(reply.target)}).
                </p>
              )}
            </figcaption>
            {weeks.length > 0 && (
              <div style={{ width: "100%", height: 200 }}>
                <ResponsiveContainer>
                  <BarChart accessibilityLayer={false} data={weeks} margin={{ top: 8, right: 8, bottom: 24, left: 0 }}>
                    <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                    <XAxis dataKey="week" tick={{ fill: "var(--muted)", fontSize: 11 }} label={{ value: "Week starting (UTC)", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
                    <YAxis domain={[0, 100]} unit="%" tick={{ fill: "var(--muted)", fontSize: 11 }} label={yAxisLabel("Useful (%)")} />
                    <ReferenceLine y={reply.target * 100} stroke="var(--warn)" strokeDasharray="4 4" />
                    <Tooltip
                      contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }}
                      formatter={(v, _name, item) => [`${v}% of ${(item.payload as { n: number }).n} verdicts`, "Useful or done"]}
                    />
                    <Bar dataKey="percent" name="Useful or done" fill="var(--chart-1)" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
          </figure>
        );
      }}
    </QueryState>
  );
}
