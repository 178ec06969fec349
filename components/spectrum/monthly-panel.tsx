import type { MonthlyDeepDive } from "@/lib/spectrum/store/read";
import { toneShiftWords, toneWord } from "@/lib/spectrum/tone";

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
            <div><dt>Overall tone</dt><dd>{toneWord(monthly.valence)}{monthly.valenceShift !== null && <span className="muted small"> ({toneShiftWords(monthly.valenceShift)} compared with the previous month)</span>}</dd></div>
            <div><dt>Most present moods</dt><dd>{monthly.topEmotions.map((e) => e.emotion).join(", ") || "no strong moods"}</dd></div>
            <div><dt>Patterns (sessions)</dt><dd>{monthly.patternShares.slice(0, 3).map((p) => `${p.label} (${Math.round(p.share * monthly.sessionCount)} of ${monthly.sessionCount})`).join(", ") || "none"}</dd></div>
          </dl>
        </>
      )}
    </section>
  );
}
