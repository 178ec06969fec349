import { useId, type ReactNode } from "react";

/**
 * A KPI card: a "how is this computed" button opens a popover with the formula and the window, so a reader can check
 * what the number counts before trusting it. Pages use MetricStat, which takes both from the metric catalog.
 */
export function Stat({ label, value, hint, definition, window, compare }: {
  label: string;
  value: string;
  hint?: string;
  definition: string;
  /** The period the value covers, e.g. "last 30 days (UTC), today included". */
  window?: string;
  /** The previous period's value and the change (components/time-range/period-change.tsx). */
  compare?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="card">
      <div className="stat-head">
        <div className="stat-label">{label}</div>
        <button type="button" className="stat-info" popoverTarget={id} aria-label={`How ${label} is computed`}>
          ?
        </button>
        <div id={id} popover="auto" className="card stat-popover" role="note">
          <strong>{label}</strong>
          <p>{definition}</p>
          {window ? <p className="muted">Window: {window}</p> : null}
        </div>
      </div>
      {/* A size container: the value's font follows the card's width (app/globals.css). */}
      <div className="stat-value-box">
        <div className="stat-value">{value}</div>
      </div>
      {hint ? <div className="muted small">{hint}</div> : null}
      {compare}
    </div>
  );
}
