// A KPI's comparison with the previous period: its value then and the change (absolute, and relative when the
// previous value is not zero). Without previous data it says so instead of a change; a previous period the data only
// partly covers is labelled partial, so a "+400%" from a half-empty week is not read as growth.
import type { Comparison } from "@/lib/time-range/compare";
import { formatPercent } from "@/components/format";

export type ChangeKind = "count" | "rate" | "money";

const signed = (text: string, v: number) => (v > 0 ? `+${text}` : v < 0 ? `−${text.replace(/^-/, "")}` : text);

export function PeriodChange({ comparison, format, kind = "count" }: { comparison: Comparison; format: (v: number) => string; kind?: ChangeKind }) {
  const { previous, change, relative, coverage } = comparison;
  if (coverage === "none") {
    return <div className="period-change muted small" data-testid="period-change">Previous period: no data</div>;
  }
  const partial = coverage === "partial" ? <span className="badge" title="Data starts inside the previous period, so it covers only part of it.">partial</span> : null;
  if (previous === null || change === null) {
    return <div className="period-change muted small" data-testid="period-change">Previous period: {previous === null ? "no value" : format(previous)} {partial}</div>;
  }
  // Rates change by percentage points; a relative change of a rate would read as a second rate.
  const absolute = kind === "rate" ? `${(Math.abs(change) * 100).toFixed(1)} pp` : format(Math.abs(change));
  const direction = change > 0 ? "up" : change < 0 ? "down" : "flat";
  return (
    <div className="period-change small" data-testid="period-change" data-direction={direction}>
      <span className="muted">Previous: {format(previous)}</span>{" "}
      <span className="period-delta">
        {change === 0 ? "no change" : signed(absolute, change)}
        {relative !== null && kind !== "rate" && change !== 0 ? ` (${signed(formatPercent(Math.abs(relative)), relative)})` : ""}
      </span>{" "}
      {partial}
    </div>
  );
}
