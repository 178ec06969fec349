// Click-through of served recommendation lists per model version and experiment variant, over the page's time range.
import Link from "next/link";
import type { ClickThroughReport } from "@/lib/personalization/click-through";
import { formatCount, formatShare } from "@/components/format";

/** `period`: the window in words ("last 7 days"), for the empty state. */
export function ClickThroughTable({ report, period }: { report: Pick<ClickThroughReport, "rows">; period: string }) {
  if (!report.rows.length) {
    return (
      <p className="muted" data-testid="click-through-empty">
        No recommendation list was served, {period}. Each <code>POST /api/v1/recommendations</code> response carries an <code>impressionId</code>; send it back on the{" "}
        <code>interaction</code> items it led to, and click-through appears here.
      </p>
    );
  }
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Click-through table">
      <table data-testid="click-through-table">
        <caption className="muted small" style={{ textAlign: "left" }}>
          Share of served lists with at least one click, play, like or purchase by the same user on one of its items, naming the list&apos;s impressionId.
        </caption>
        <thead>
          <tr>
            <th scope="col">Model version</th>
            <th scope="col">Experiment variant</th>
            <th scope="col">Users</th>
            <th scope="col">Lists served</th>
            <th scope="col">Click-through</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={`${r.modelVersion}-${r.experimentKey ?? ""}-${r.variantKey ?? ""}`}>
              <td className="mono">v{r.modelVersion}</td>
              <td>
                {r.experimentKey ? (
                  <>
                    <Link href={`/experiments/${encodeURIComponent(r.experimentKey)}`}>{r.experimentKey}</Link> · <span className="mono">{r.variantKey}</span>
                  </>
                ) : (
                  <span className="muted">none (defaults)</span>
                )}
              </td>
              <td className="mono">{formatCount(r.users)}</td>
              <td className="mono">{formatCount(r.impressions)}</td>
              <td>{formatShare(r.ctr)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
