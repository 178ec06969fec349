// The topics table: each topic's name and terms, size, weekly trend, feedback, sentiment, cost and example first
// messages (as stored, masked) linking to their traces.
import Link from "next/link";
import type { CurrentTopics } from "@/lib/insights/topics/topics";
import { formatCost, formatCount, formatNumber, formatPercent, formatShare } from "@/components/format";

export function TopicTable({ topics }: { topics: CurrentTopics["topics"] }) {
  return (
    <section className="card section">
      <h2>Topics</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Topics table">
        <table>
          <thead>
            <tr>
              <th>Topic</th>
              <th>Conversations</th>
              <th>Previous 7 days → last 7 days</th>
              <th>Satisfied (user feedback)</th>
              <th>Mean sentiment</th>
              <th>Cost per conversation</th>
              <th>Examples (as stored, masked)</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((t, i) => (
              <tr key={t.topic}>
                <td style={{ minWidth: "12rem" }}>
                  <strong>
                    #{i + 1} {t.label}
                  </strong>
                  <div className="muted small">{t.terms.join(", ")}</div>
                </td>
                <td>
                  {formatCount(t.size)} ({formatPercent(t.share)})
                </td>
                <td>
                  {formatCount(t.lastWeek)} → {formatCount(t.thisWeek)}
                </td>
                <td>{formatShare(t.satisfaction)}</td>
                <td>{t.sentiment.meanPolarity === null ? "no data yet" : `${formatNumber(t.sentiment.meanPolarity, 2)} (${formatCount(t.sentiment.traces)} traces)`}</td>
                <td>{formatCost(t.meanCost)}</td>
                <td>
                  <ul className="small" style={{ margin: 0, paddingLeft: "1rem" }}>
                    {t.examples.map((e) => (
                      <li key={e.traceId}>
                        <Link href={e.href} className="cell-preview" style={{ display: "inline-block" }} title={e.text}>
                          {e.text}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">Sentiment: mean polarity (−1 to +1) of the topic&apos;s analysed traces. New and growing topics appear among the Insights suggestions.</p>
    </section>
  );
}
