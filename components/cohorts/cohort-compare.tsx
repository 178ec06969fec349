"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { formatCount, formatMetricValue, formatNumber } from "@/components/format";
import { QueryState } from "@/components/ui/query-state";
import { cohortKeys, cohortsApi, type CohortComparison } from "./queries";

const METRICS: { key: keyof CohortComparison["cohorts"][number]["metrics"]; label: string; unit: string }[] = [
  { key: "successRate", label: "Success rate (traces without errors, per user)", unit: "%" },
  { key: "errorsPerUser", label: "Errors per user", unit: "" },
  { key: "costPerUser", label: "Cost per user", unit: "USD" },
  { key: "latencyMs", label: "Latency (mean per user)", unit: "ms" },
  { key: "rating", label: "Rating (mean score per user)", unit: "" },
];

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Two or more cohorts side by side; every later cohort against the first with a 95 % CI and p-value. */
export function CohortCompare({ projectId, cohorts, today }: { projectId: string; cohorts: { id: string; name: string }[]; today: string }) {
  const [picked, setPicked] = useState<string[]>(cohorts.slice(0, 2).map((c) => c.id));
  const [range, setRange] = useState(() => {
    const t = Date.parse(`${today}T00:00:00Z`);
    return { from: day(new Date(t - 30 * 86_400_000)), to: day(new Date(t + 86_400_000)) };
  });
  const body = { cohorts: picked, from: `${range.from}T00:00:00Z`, to: `${range.to}T00:00:00Z` };
  const result = useQuery({ queryKey: cohortKeys.compare(projectId, body), queryFn: () => cohortsApi.compare(body), enabled: picked.length >= 2 });
  if (cohorts.length < 2) return <p className="muted">Save at least two cohorts to compare them.</p>;
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(0, 6)));

  return (
    <div>
      <div className="form-row" role="group" aria-label="Cohorts to compare">
        {cohorts.map((c) => (
          <label key={c.id} className="small">
            <input type="checkbox" checked={picked.includes(c.id)} onChange={() => toggle(c.id)} /> {c.name}
          </label>
        ))}
        <label>
          From (UTC)
          <input type="date" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} />
        </label>
        <label>
          To (UTC)
          <input type="date" value={range.to} onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))} />
        </label>
      </div>
      {picked.length < 2 ? (
        <p className="muted">Pick two or more cohorts; the first one picked is the baseline.</p>
      ) : (
        <QueryState query={result} what="the comparison">
          {(r) => (
            <div className="table-wrap section">
              <table>
                <thead>
                  <tr>
                    <th>Metric</th>
                    {r.cohorts.map((c, i) => (
                      <th key={c.cohortId} className="num">
                        {c.name} {i === 0 ? "(baseline)" : ""}
                        <div className="small muted">
                          {formatCount(c.members)} members, {formatCount(c.activeUsers)} with traces
                        </div>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {METRICS.map((m) => (
                    <tr key={m.key}>
                      <td>{m.label}</td>
                      {r.cohorts.map((c) => {
                        const v = c.metrics[m.key];
                        const d = v.difference;
                        return (
                          <td key={c.cohortId} className="num">
                            {formatMetricValue(v.mean, m.unit)} <span className="small muted">(n {formatCount(v.n)})</span>
                            {d ? (
                              <div className={`small ${d.pValue < r.alpha ? "" : "muted"}`}>
                                Δ {formatMetricValue(d.estimate, m.unit)} [{formatMetricValue(d.ci[0], m.unit)}, {formatMetricValue(d.ci[1], m.unit)}], p = {formatNumber(d.pValue, 3)}
                              </div>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="small muted">Differences: Welch t-test against the baseline, 95 % intervals; shown when both sides have two or more users.</p>
            </div>
          )}
        </QueryState>
      )}
    </div>
  );
}
