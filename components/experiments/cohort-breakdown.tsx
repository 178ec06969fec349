import type { MetricResult } from "@/lib/experiments/results-types";
import type { VariantSummary } from "@/lib/experiments/stats/variant-statistics";
import { signedPercent } from "@/lib/experiments/verdict";
import { formatCount } from "@/components/format";
import { formatExperimentValue } from "./metric-value";

/** The unit mean of a variant in a cohort: Σy/n, or Σy/Σd for ratio metrics. */
function valueOf(metric: MetricResult, s: VariantSummary | undefined): number | null {
  if (!s || s.n === 0) return null;
  if (metric.metricType === "ratio") return s.denominatorSum ? s.sum / s.denominatorSum : null;
  return s.sum / s.n;
}

/**
 * The metric split by cohort (end users' plan at first exposure, or membership of a saved cohort): users and value per variant, and each treatment's point lift against
 * the control in the same cohort. Descriptive only: cohorts are not tested separately (that would multiply the
 * comparisons), which the caption says.
 */
export function CohortBreakdown({ metric, controlKey, splitBy }: { metric: MetricResult; controlKey: string; splitBy: string }) {
  const cohorts = metric.cohorts ?? [];
  if (cohorts.length === 0) return null;
  const variants = metric.summaries.map((s) => s.key);
  return (
    <div className="table-wrap" data-testid="cohort-breakdown">
      <table>
        <caption className="muted small" style={{ captionSide: "top", textAlign: "left" }}>
          {metric.metricName} by cohort ({splitBy}). Point estimates only: cohorts are not tested separately.
        </caption>
        <thead>
          <tr>
            <th>Cohort</th>
            {variants.map((v) => (
              <th key={v} className="num">
                {v}
                {v === controlKey ? " (control)" : ""}: users · value{v === controlKey ? "" : " · lift"}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => {
            const control = valueOf(metric, c.summaries.find((s) => s.key === controlKey));
            return (
              <tr key={c.cohort}>
                <td>{c.cohort}</td>
                {variants.map((v) => {
                  const s = c.summaries.find((x) => x.key === v);
                  const value = valueOf(metric, s);
                  const lift = v !== controlKey && value !== null && control ? (value - control) / Math.abs(control) : null;
                  return (
                    <td key={v} className="num">
                      {formatCount(s?.n ?? 0)} · {formatExperimentValue(metric, value)}
                      {v === controlKey ? "" : ` · ${lift === null ? "—" : signedPercent(lift)}`}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
