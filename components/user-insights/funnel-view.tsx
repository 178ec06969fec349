"use client";

import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount, formatDuration, formatPercent } from "@/components/format";
import { apiFetch, type Jsonified } from "@/components/ui/api";
import type { FunnelReply, FunnelStep } from "@/lib/user-insights/funnel";
import { yAxisLabel } from "@/components/charts/axis-label";

const axis = { fill: "var(--muted)", fontSize: 12 };

type Steps = Jsonified<FunnelStep>[];
export interface FunnelQuery {
  steps: { event: string }[];
  windowSeconds: number;
  from: string;
  to: string;
}

/** Users at each step, with the ones lost since the previous step stacked on top. */
export function FunnelChart({ steps }: { steps: Steps }) {
  const data = steps.map((s, i) => ({ step: `${i + 1}. ${s.event}`, reached: s.count, dropped: i === 0 ? 0 : Math.max(0, steps[i - 1].count - s.count) }));
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Funnel</h2>
      </figcaption>
      {steps[0].count === 0 ? (
        <p className="muted">Nobody performed the first step in this range.</p>
      ) : (
        <div style={{ width: "100%", height: 280 }}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="step" tick={axis} label={{ value: "Step", position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis tick={axis} allowDecimals={false} label={yAxisLabel("Users")} />
              <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(v) => formatCount(Number(v))} />
              <Legend verticalAlign="top" />
              <Bar dataKey="reached" name="Reached the step" stackId="users" fill="var(--chart-1)" isAnimationActive={false} />
              <Bar dataKey="dropped" name="Dropped since the previous step" stackId="users" fill="var(--chart-2)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

function SaveDropped({ query, step, canWrite }: { query: FunnelQuery; step: number; canWrite: boolean }) {
  const save = useMutation({
    mutationFn: async () => {
      const dropped = await apiFetch<{ users: string[]; truncated: boolean }>("/api/v1/insights/funnel/dropped", { method: "POST", body: { ...query, step } });
      const name = `Dropped before “${query.steps[step - 1].event}” (${query.from.slice(0, 10)} – ${query.to.slice(0, 10)})`;
      return apiFetch<{ id: string }>("/api/v1/cohorts", { method: "POST", body: { name, definition: { static: dropped.users } } });
    },
  });
  if (!canWrite) return null;
  if (save.isSuccess) return <Link href={`/users/cohorts/${save.data.id}`}>Saved cohort</Link>;
  return (
    <>
      <button type="button" className="btn" onClick={() => save.mutate()} disabled={save.isPending}>
        Save dropped users as cohort
      </button>
      {save.isError ? <div className="small alert alert-error">{save.error.message}</div> : null}
    </>
  );
}

const ci = (c: { rate: number | null; ci: number[] | null }) => (c.ci ? `${formatPercent(c.ci[0])} – ${formatPercent(c.ci[1])}` : "");

export function FunnelTable({ steps, query, canWrite }: { steps: Steps; query: FunnelQuery | null; canWrite: boolean }) {
  return (
    <div className="table-wrap">
      <table aria-label="Funnel steps">
        <thead>
          <tr>
            <th>Step</th>
            <th className="num">Users</th>
            <th className="num">From start (95 % CI)</th>
            <th className="num">From previous (95 % CI)</th>
            <th className="num">Median time from previous</th>
            {query ? <th>Dropped here</th> : null}
          </tr>
        </thead>
        <tbody>
          {steps.map((s, i) => (
            <tr key={i}>
              <td>
                {i + 1}. {s.event}
              </td>
              <td className="num">{formatCount(s.count)}</td>
              <td className="num">
                {formatPercent(s.conversionFromStart.rate)} <span className="small muted">{ci(s.conversionFromStart)}</span>
              </td>
              <td className="num">
                {i === 0 ? "" : formatPercent(s.conversionFromPrevious.rate)} <span className="small muted">{i === 0 ? "" : ci(s.conversionFromPrevious)}</span>
              </td>
              <td className="num">{s.medianSecondsFromPrevious === null ? "—" : formatDuration(s.medianSecondsFromPrevious * 1000)}</td>
              {query ? <td>{i > 0 && steps[i - 1].count > s.count ? <SaveDropped query={query} step={i + 1} canWrite={canWrite} /> : null}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type FunnelReplyJson = Jsonified<FunnelReply>;
