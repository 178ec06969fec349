import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { dailyActivity, summarize } from "@/lib/overview/summary";
import { OVERVIEW_DAYS } from "@/lib/overview/backfill";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { MetricStat } from "@/components/ui/metric-stat";
import { DailyActivityChart } from "@/components/charts/daily-activity-chart";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";
import { formatCount, formatPercent } from "@/components/format";
import { InsightsPanel } from "@/components/insights/insights-panel";

export const metadata: Metadata = { title: "Overview" };


export default dashboardPage("dashboard:read", async function OverviewPage(_props: object, { principal }) {
  const db = await getDb();
  const projectId = principal.projectId;
  // Days without rollups are read live; the hourly rollups job fills them in (a page GET never starts a job).
  const days = await dailyActivity(db, projectId, OVERVIEW_DAYS);
  const s = summarize(days);
  const window = `the ${OVERVIEW_DAYS} × 24 hours up to now`;
  return (
    <>
      <PageHeader title="Overview" description={`${principal.projectName} · last 30 days of product events`} />
      {days.length === 0 ? (
        <EmptyState title="No activity yet">
          <p>Send product events with a project API key to <code>POST /api/v1/ingest</code>; sessions, errors and feedback appear here.</p>
        </EmptyState>
      ) : (
        <div className="grid">
          <div className="grid grid-4">
            <MetricStat metric="sessions" value={formatCount(s.sessions)} window={window} />
            <MetricStat metric="messages" value={formatCount(s.messages)} window={window} />
            <MetricStat metric="error_rate" value={formatPercent(s.errorRate)} window={window} />
            <MetricStat metric="thumbs_up_rate" value={formatPercent(s.thumbsUpRate)} hint={`${formatCount(s.feedbackCount)} ratings`} window={window} />
          </div>
          <DailyActivityChart data={days} />
          {can(principal.role, "monitoring:read") && (
            <section className="card" aria-label="Anomaly feed">
              <h2>
                Anomaly feed <Link className="small" href="/monitoring/anomalies">all anomalies</Link>
              </h2>
              <AnomalyFeed projectId={principal.projectId} limit={5} canReview={can(principal.role, "monitoring:write")} />
            </section>
          )}
        </div>
      )}
      {/* Suggestions come from traces, scores and experiments too, so the panel shows even before product events arrive. */}
      {can(principal.role, "insights:read") && (
        <div style={{ marginTop: "1rem" }}>
          <InsightsPanel projectId={principal.projectId} canGiveFeedback={can(principal.role, "insights:write")} />
        </div>
      )}
    </>
  );
});
