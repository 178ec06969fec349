import type { Metadata } from "next";
import { requirePermission } from "@/app/_server/page-auth";
import { getDb } from "@/db/client";
import { dailyActivityWithSource, summarize } from "@/lib/overview/summary";
import { sendEvent } from "@/inngest/runtime";
import { MONITORING_ROLLUPS_REQUESTED } from "@/inngest/functions/monitoring-rollups";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/ui/access-denied";
import { EmptyState } from "@/components/ui/empty-state";
import { Stat } from "@/components/ui/stat";
import { DailyActivityChart } from "@/components/charts/daily-activity-chart";
import Link from "next/link";
import { can } from "@/lib/auth/permissions";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";
import { formatCount, formatPercent } from "@/components/format";

export const metadata: Metadata = { title: "Overview" };


export default async function OverviewPage() {
  const access = await requirePermission("dashboard:read");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  const db = await getDb();
  const projectId = access.principal.projectId;
  const { days, missingRollups } = await dailyActivityWithSource(db, projectId, 30);
  if (missingRollups) {
    // Days read live because they have no rollups yet: ask the rollups job for them once (the id dedupes requests).
    await sendEvent(db, {
      name: MONITORING_ROLLUPS_REQUESTED,
      data: { projectId, ...missingRollups },
      id: `overview-rollups:${projectId}:${missingRollups.from}:${missingRollups.to}`,
    }).catch((err: unknown) => console.error("[prism] could not request rollups for the overview", err));
  }
  const s = summarize(days);
  return (
    <>
      <PageHeader title="Overview" description={`${access.principal.projectName} · last 30 days of product events`} />
      {days.length === 0 ? (
        <EmptyState title="No activity yet">
          <p>Send product events with a project API key to <code>POST /api/v1/ingest</code>; sessions, errors and feedback appear here.</p>
        </EmptyState>
      ) : (
        <div className="grid">
          <div className="grid grid-4">
            <Stat label="Sessions" value={formatCount(s.sessions)} />
            <Stat label="Messages" value={formatCount(s.messages)} />
            <Stat label="Error rate" value={formatPercent(s.errorRate)} hint="errors / (messages + errors)" />
            <Stat label="Thumbs-up rate" value={formatPercent(s.thumbsUpRate)} hint={`${formatCount(s.feedbackCount)} ratings`} />
          </div>
          <DailyActivityChart data={days} />
          {can(access.principal.role, "monitoring:read") && (
            <section className="card" aria-label="Anomaly feed">
              <h2>
                Anomaly feed <Link className="small" href="/monitoring/anomalies">all anomalies</Link>
              </h2>
              <AnomalyFeed projectId={access.principal.projectId} limit={5} canReview={can(access.principal.role, "monitoring:write")} />
            </section>
          )}
        </div>
      )}
    </>
  );
}
