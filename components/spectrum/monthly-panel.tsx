import type { MonthlyDeepDive } from "@/lib/spectrum/store/read";
import { formatPercent } from "@/components/format";

/** The latest month: its narrative (once the month is over) and the numbers behind it. */
export function MonthlyPanel({ monthly }: { monthly: MonthlyDeepDive | null }) {
  return (
    <section className="section card" aria-labelledby="monthly-title" data-testid="monthly">
      <h2 id="monthly-title">Monthly summary{monthly ? ` · ${monthly.periodKey}` : ""}</h2>
      {!monthly ? (
        <p className="muted">Your monthly summary appears once you have conversations in a month.</p>
      ) : (
        <>
          {monthly.insight ? <p>{monthly.insight.text}</p> : <p className="muted small">This month is still running; its summary is written on the 1st.</p>}
          <dl className="spectrum-facts">
            <div><dt>Sessions</dt><dd>{monthly.sessionCount}</dd></div>
            <div><dt>Overall tone (−1 to 1)</dt><dd>{monthly.valence.toFixed(2)}{monthly.valenceShift !== null && <span className="muted small"> ({monthly.valenceShift >= 0 ? "+" : ""}{monthly.valenceShift.toFixed(2)} vs previous month)</span>}</dd></div>
            <div><dt>Most present moods</dt><dd>{monthly.topEmotions.map((e) => `${e.emotion} ${e.mean.toFixed(2)}`).join(", ")}</dd></div>
            <div><dt>Patterns (share of sessions)</dt><dd>{monthly.patternShares.slice(0, 3).map((p) => `${p.label} ${formatPercent(p.share, 0)}`).join(", ") || "none"}</dd></div>
          </dl>
        </>
      )}
    </section>
  );
}
