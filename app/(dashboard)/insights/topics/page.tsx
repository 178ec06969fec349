import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { currentTopics } from "@/lib/insights/topics/topics";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { TopicTrendChart } from "@/components/insights/topic-trend-chart";
import { formatCost, formatCount, formatDay, formatNumber, formatPercent, formatShare, formatTimestamp } from "@/components/format";

export const metadata: Metadata = { title: "Conversation topics" };

export default dashboardPage("insights:read", async function TopicsPage(_props: object, { principal }) {
  const { run, topics } = await currentTopics(await getDb(), principal.projectId);
  return (
    <>
      <PageHeader
        title="Conversation topics"
        description="What users open conversations about: each conversation's first user message, embedded locally and clustered (k-means, k chosen by silhouette), each topic named by its most distinctive words (c-TF-IDF)."
      />
      {!run || topics.length === 0 ? (
        <EmptyState title="No topics yet">
          <p>
            The daily <code>insights-topics</code> job clusters the last 28 days of conversations whose traces carry user messages. Topics appear after
            its first run over such traces.
          </p>
        </EmptyState>
      ) : (
        <>
          <p className="muted section">
            {formatCount(run.conversations)} conversations from {formatDay(run.from)} to {formatDay(run.to)}, {run.k} topics (mean silhouette{" "}
            {formatNumber(run.silhouette, 2)}), clustered {formatTimestamp(run.computedAt)} with {run.embedder}.
          </p>
          <TopicTrendChart topics={topics} />
          <section className="card section">
            <h2>Topics</h2>
            <div className="table-wrap">
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
                      <td>
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
        </>
      )}
    </>
  );
});
