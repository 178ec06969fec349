import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { currentTopics } from "@/lib/insights/topics/topics";
import { TOPIC_WINDOW_DAYS } from "@/lib/insights/topics/run";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { TopicTrendChart } from "@/components/insights/topic-trend-chart";
import { TopicTable } from "@/components/insights/topic-table";
import { formatCount, formatDay, formatNumber, formatTimestamp } from "@/components/format";

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
            The daily <code>insights-topics</code> job clusters the last {TOPIC_WINDOW_DAYS} days of conversations whose traces carry user messages. Topics appear after
            its first run over such traces.
          </p>
        </EmptyState>
      ) : (
        <>
          <p className="muted section">
            {formatCount(run.conversations)} conversations from {formatDay(run.from)} to {formatDay(run.to)}, {run.k} topics (mean silhouette{" "}
            {formatNumber(run.silhouette, 2)}), clustered {formatTimestamp(run.computedAt)} with {run.embedder}.{" "}
            The app&apos;s time range does not apply here: the topics are this stored clustering of the daily job&apos;s own {TOPIC_WINDOW_DAYS}-day window.
          </p>
          <TopicTrendChart topics={topics} />
          <TopicTable topics={topics} />
        </>
      )}
    </>
  );
});
