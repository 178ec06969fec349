import type { ExperimentResultsSnapshot, MetricResult } from "@/lib/experiments/results-types";
import { CohortBreakdown } from "./cohort-breakdown";
import { CumulativeLiftChart, type CumulativePoint } from "./cumulative-lift-chart";
import { formatPValue, signedPercent, verdictFor } from "@/lib/experiments/verdict";
import { formatCount, formatPercent } from "@/components/format";
import { formatExperimentValue } from "./metric-value";
import { LiftChart, type LiftRow } from "./lift-chart";

type CumulativeRow = CumulativePoint & { variantKey: string };

const toneClass = { win: "badge-ok", loss: "badge-danger", neutral: "", warn: "badge-warn" } as const;

function interval(ci: [number | null, number | null] | null): string {
  if (!ci) return "—";
  return `${ci[0] === null ? "−∞" : signedPercent(ci[0])} to ${ci[1] === null ? "+∞" : signedPercent(ci[1])}`;
}

export function MetricResultCard({
  metric,
  snapshot,
  daily = [],
  splitBy = "end user plan at first exposure",
}: {
  metric: MetricResult;
  snapshot: ExperimentResultsSnapshot;
  /** This metric's rows of the cumulative daily series, oldest first. */
  daily?: CumulativeRow[];
  /** What the metric's cohort split is by, for its caption. */
  splitBy?: string;
}) {
  const treatmentsInSeries = [...new Set(daily.map((d) => d.variantKey))];
  const bayesian = snapshot.engine === "bayesian";
  const level = `${Math.round((1 - snapshot.alpha) * 100)}% ${bayesian ? "credible" : snapshot.engine === "sequential" ? "confidence sequence" : "confidence"} interval`;
  const control = metric.analysis?.control;
  const rows = (metric.analysis?.treatments ?? []).map((t) => ({
    t,
    verdict: verdictFor(metric, t, { alpha: snapshot.alpha, srmFlagged: snapshot.srm.flagged, engine: snapshot.engine }),
  }));
  const chartRows: LiftRow[] = rows.map(({ t, verdict }) => ({
    variant: t.key,
    lift: t.lift,
    low: t.liftCI?.[0] ?? null,
    high: t.liftCI?.[1] ?? null,
    tone: verdict.tone,
  }));
  return (
    <section className="card" aria-label={`Results: ${metric.metricName}`}>
      <h2>
        {metric.metricName} <span className="muted small">({metric.metricType}, {metric.higherIsBetter ? "higher is better" : "lower is better"})</span>
      </h2>
      {metric.warning || !metric.analysis ? (
        <p className="muted">{metric.warning ?? "Not enough data yet."}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Variant</th>
                  <th className="num">Users</th>
                  <th className="num">Value</th>
                  <th className="num">Lift</th>
                  <th>{level}</th>
                  <th className="num">{bayesian ? "Chance to win" : snapshot.correction === "none" ? "p-value" : "p-value (adjusted)"}</th>
                  <th>Verdict</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>{control?.key} <span className="muted small">(control)</span></td>
                  <td className="num">{formatCount(control?.n)}</td>
                  <td className="num">{formatExperimentValue(metric, control?.mean)}</td>
                  <td className="num muted">—</td>
                  <td className="muted">—</td>
                  <td className="num muted">—</td>
                  <td className="muted">baseline</td>
                </tr>
                {rows.map(({ t, verdict }) => {
                  const win = t.chanceToBeatControl === null ? null : metric.higherIsBetter ? t.chanceToBeatControl : 1 - t.chanceToBeatControl;
                  return (
                    <tr key={t.key}>
                      <td>{t.key}</td>
                      <td className="num">{formatCount(t.n)}</td>
                      <td className="num">{formatExperimentValue(metric, t.mean)}</td>
                      <td className="num">{signedPercent(t.lift)}</td>
                      <td>{interval(t.liftCI)}</td>
                      <td className="num">{bayesian ? formatPercent(win) : formatPValue(metric.adjustedPValues[t.key] ?? t.pValue)}</td>
                      <td>
                        <span className={`badge ${toneClass[verdict.tone]}`} data-testid="verdict">{verdict.text}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <LiftChart title={`${metric.metricName}: relative lift by variant`} rows={chartRows} intervalLabel={level} />
          {treatmentsInSeries.map((variant) => (
            <CumulativeLiftChart
              key={variant}
              title={`${metric.metricName}: cumulative lift of ${variant} over time`}
              points={daily.filter((d) => d.variantKey === variant)}
              intervalLabel={`${Math.round((1 - snapshot.alpha) * 100)}% confidence sequence`}
            />
          ))}
          <CohortBreakdown metric={metric} controlKey={snapshot.controlKey} splitBy={splitBy} />
        </>
      )}
    </section>
  );
}

export function GuardrailTable({ snapshot }: { snapshot: ExperimentResultsSnapshot }) {
  if (snapshot.guardrails.length === 0) {
    return <p className="muted">No guardrail has enough data to check yet.</p>;
  }
  const names = new Map(snapshot.metrics.filter((m) => m.role === "guardrail").map((m) => [m.metricKey, m]));
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th>Guardrail</th>
            <th>Variant</th>
            <th className="num">Lift</th>
            <th className="num">Most favourable bound</th>
            <th className="num">Tolerated</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {snapshot.guardrails.map((g) => {
            const m = names.get(g.metricKey);
            return (
              <tr key={`${g.metricKey}-${g.variantKey}`}>
                <td>{m?.metricName ?? g.metricKey}</td>
                <td>{g.variantKey}</td>
                <td className="num">{signedPercent(g.lift)}</td>
                <td className="num">{signedPercent(g.bound)}</td>
                <td className="num">{m?.higherIsBetter ? signedPercent(-g.threshold) : signedPercent(g.threshold)}</td>
                <td>{g.breached ? <span className="badge badge-danger">breached</span> : <span className="badge badge-ok">holding</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">
        Checked with the sequential engine (valid however often it is checked): a guardrail is breached when even the
        interval&apos;s most favourable edge is worse than the tolerated change.
      </p>
    </div>
  );
}
