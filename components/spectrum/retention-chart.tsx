"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { RetentionPoint } from "@/lib/spectrum/store/engagement";
import { formatShare, toPercentPoints } from "@/components/format";
import { estimateShare, MIN_SAMPLE_FOR_RATE } from "@/lib/primitives/proportion";
import { yAxisLabel } from "@/components/charts/axis-label";


/** Share of end users active in week N after their first session: Spectrum users vs the others. */
export function RetentionChart({ retention }: { retention: RetentionPoint[] }) {
  // A bar is drawn only from enough users: a share of 5 users reads as a fact it is not (the table still shows n).
  const bar = (g: { retained: number; eligible: number }) => {
    const e = estimateShare(g.retained, g.eligible);
    return e.enough ? toPercentPoints(e.share, 1) : null;
  };
  const data = retention.map((r) => ({ week: `Week ${r.week}`, spectrum: bar(r.spectrum), others: bar(r.others) }));
  const empty = retention.every((r) => r.spectrum.eligible === 0 && r.others.eligible === 0);
  return (
    <figure className="card spectrum-figure" data-testid="spectrum-retention">
      <figcaption>
        <h2>Retention: Spectrum users vs others</h2>
        <p className="muted small">
          Share of end users active (a session or a product event) in week N after their first session. Spectrum users opened their Spectrum page at
          least once. Only users whose week N is over are counted; a bar needs at least {MIN_SAMPLE_FOR_RATE} users.
        </p>
      </figcaption>
      {empty ? (
        <p className="muted">No end user is old enough yet: retention appears once first sessions are at least two weeks old.</p>
      ) : (
        <>
          <div className="spectrum-chart" style={{ height: 260 }}>
            <ResponsiveContainer>
              <BarChart accessibilityLayer={false} data={data} margin={{ top: 4, right: 16, bottom: 24, left: 8 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="week" tick={{ fill: "var(--muted)", fontSize: 11 }} label={{ value: "Weeks after first session", position: "insideBottom", offset: -16, fill: "var(--muted)", fontSize: 12 }} />
                <YAxis domain={[0, 100]} unit="%" tick={{ fill: "var(--muted)", fontSize: 11 }} label={yAxisLabel("Active (%)", { fontSize: 12 })} />
                <Tooltip contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} formatter={(v) => (v === null ? "no users" : `${v}%`)} />
                <Legend verticalAlign="top" />
                <Bar dataKey="spectrum" name="Spectrum users" fill="var(--chart-1)" isAnimationActive={false} />
                <Bar dataKey="others" name="Other end users" fill="var(--chart-2)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <div className="table-wrap">
          <table className="table spectrum-engagement-table">
            <thead>
              <tr>
                <th>Week</th>
                <th>Spectrum users active</th>
                <th>Other end users active</th>
              </tr>
            </thead>
            <tbody>
              {retention.map((r) => (
                <tr key={r.week}>
                  <td>Week {r.week}</td>
                  <td>{formatShare(estimateShare(r.spectrum.retained, r.spectrum.eligible))}</td>
                  <td>{formatShare(estimateShare(r.others.retained, r.others.eligible))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      )}
    </figure>
  );
}
