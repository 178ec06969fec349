"use client";
// Lifecycle as PostHog draws it: new, returning and resurrecting users stacked above zero, dormant below; and the
// stickiness histogram (users by distinct active days in a week or month).
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDay } from "@/components/format";
import type { LifecycleReply } from "@/lib/user-insights/lifecycle";
import type { StickinessReply } from "@/lib/user-insights/stickiness";
import { yAxisLabel } from "@/components/charts/axis-label";

const axis = { fill: "var(--muted)", fontSize: 12 };
const tooltip = { background: "var(--panel)", border: "1px solid var(--border)" };

/** Chart rows: dormant negated so it stacks below the axis. */
export function lifecycleBars(reply: LifecycleReply) {
  return reply.periods.map((p) => ({ start: formatDay(p.start), New: p.new, Returning: p.returning, Resurrecting: p.resurrecting, Dormant: -p.dormant }));
}

export function LifecycleChart({ reply }: { reply: LifecycleReply }) {
  const empty = reply.periods.every((p) => p.active === 0 && p.dormant === 0);
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Lifecycle per {reply.period} (UTC)</h2>
      </figcaption>
      {empty ? (
        <p className="muted">Nobody was active in this range or the {reply.period} before it.</p>
      ) : (
        <div style={{ width: "100%", height: 300 }}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={lifecycleBars(reply)} stackOffset="sign" margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="start" tick={axis} label={{ value: `${reply.period === "day" ? "Day" : "Week"} starting`, position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis tick={axis} allowDecimals={false} label={yAxisLabel("Users")} />
              <Tooltip contentStyle={tooltip} formatter={(v) => `${Math.abs(Number(v))} users`} />
              <Legend verticalAlign="top" />
              <ReferenceLine y={0} stroke="var(--muted)" />
              <Bar dataKey="New" stackId="s" fill="var(--chart-1)" isAnimationActive={false} />
              <Bar dataKey="Returning" stackId="s" fill="var(--chart-2)" isAnimationActive={false} />
              <Bar dataKey="Resurrecting" stackId="s" fill="var(--chart-3)" isAnimationActive={false} />
              <Bar dataKey="Dormant" stackId="s" fill="#b91c1c" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

export function StickinessChart({ reply }: { reply: StickinessReply }) {
  // A month has up to 31 days: show only as many bars as someone reached, at least a week's worth.
  const reached = reply.overall.distribution.findLastIndex((n) => n > 0) + 1;
  const data = reply.overall.distribution.slice(0, Math.max(7, reached)).map((users, i) => ({ days: i + 1, users }));
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <h2>Stickiness: days active per {reply.period}</h2>
        {reply.overall.mean !== null ? (
          <p className="muted small">
            Mean {reply.overall.mean.toFixed(2)} days over {reply.overall.userPeriods} user-{reply.period}s
          </p>
        ) : null}
      </figcaption>
      {reply.overall.userPeriods === 0 ? (
        <p className="muted">Nobody was active in this range.</p>
      ) : (
        <div style={{ width: "100%", height: 260 }}>
          <ResponsiveContainer>
            <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              <XAxis dataKey="days" tick={axis} label={{ value: `Distinct active days in the ${reply.period}`, position: "insideBottom", offset: -16, fill: "var(--muted)" }} />
              <YAxis tick={axis} allowDecimals={false} label={yAxisLabel(`User-${reply.period}s`)} />
              <Tooltip contentStyle={tooltip} formatter={(v) => `${v} user-${reply.period}s`} />
              <Bar dataKey="users" name={`User-${reply.period}s`} fill="var(--chart-1)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
