// The persona report's table: every figure with its sample, and "no data yet" where there is none (never a zero).
import type { PersonaReport } from "@/lib/insights/personas/types";
import { formatCost, formatCount, formatNumber, formatPercent, formatShare } from "@/components/format";

export function PersonaTable({ personas }: { personas: PersonaReport[] }) {
  return (
    <section className="card section">
      <h2>Personas</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Personas table">
        <table>
          <thead>
            <tr>
              <th>Persona</th>
              <th>Usage share</th>
              <th>Satisfied (user feedback)</th>
              <th>Thumbs up / down</th>
              <th>Sentiment change in a conversation</th>
              <th>Main users back the next week</th>
              <th>Cost per conversation</th>
            </tr>
          </thead>
          <tbody>
            {personas.map((p) => (
              <tr key={p.persona}>
                <td>{p.persona}</td>
                <td>
                  {formatPercent(p.usageShare)} ({formatCount(p.traces)} traces)
                </td>
                <td>{formatShare(p.satisfaction)}</td>
                <td>
                  {formatCount(p.thumbs.up)} / {formatCount(p.thumbs.down)}
                </td>
                <td>{p.sentimentChange.mean === null ? "no data yet" : `${p.sentimentChange.mean >= 0 ? "+" : ""}${formatNumber(p.sentimentChange.mean, 2)} (${formatCount(p.sentimentChange.conversations)} conversations)`}</td>
                <td>{formatShare(p.retention)}</td>
                <td>{formatCost(p.costPerConversation)} ({formatCount(p.conversations)})</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Satisfied: user feedback scores sent by the product: thumbs up, 0.5 or more on a 0–1 scale, or 4 or more on a 1–5 rating (a score whose values go above 1), with a 95% Wilson interval.
        Sentiment change: the last analysed turn&apos;s polarity minus the first&apos;s, in conversations with two or more. Back the next week: of
        the users who mostly use this persona, those with a trace 7–14 days after their first in the range (users whose second week has not ended
        are left out). Flags use a two-proportion z-test against all other personas pooled, Bonferroni-corrected over personas.
      </p>
    </section>
  );
}
