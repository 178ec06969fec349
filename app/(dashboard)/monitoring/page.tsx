import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";
import { AlertsPanel } from "@/components/monitoring/alerts-panel";
import { getDb } from "@/db/client";
import { listCohorts } from "@/lib/cohorts/store/cohorts";
import type { SearchParams } from "@/app/_server/search-params";
import { describeRange, parseTimeRange, windowFields, withRange } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";

export const metadata: Metadata = { title: "Monitoring" };

export default dashboardPage("monitoring:read", async function MonitoringPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const sp = await searchParams;
  // The anomaly feed follows the app's one time range; alert rules and their log are not windowed.
  const { range, problem } = parseTimeRange(sp, new Date());
  const cohorts = (await listCohorts(await getDb(), principal.projectId)).map((c) => ({ id: c.id, name: c.name }));
  return (
    <>
      <PageHeader
        title="Monitoring"
        description="Open anomalies, alert rules and their notification log; data drift and quality forecasts, from hourly metric rollups."
        actions={<RangePicker path="/monitoring" params={pageParams(sp)} range={range} />}
      />
      <RangeProblem problem={problem} />
      <div className="grid">
        <nav className="card" aria-label="Monitoring views">
          <Link href={withRange("/monitoring/anomalies", range)}>All anomalies and sensitivity</Link> · <Link href="/monitoring/drift">Drift report</Link> ·{" "}
          <Link href="/monitoring/forecasts">Quality forecasts</Link>
        </nav>
        <section className="card" aria-label="Open anomalies">
          <h2>Open anomalies, {describeRange(range)}</h2>
          <AnomalyFeed projectId={principal.projectId} limit={20} filter={windowFields(range)} canReview={can(principal.role, "monitoring:write")} />
        </section>
        <AlertsPanel projectId={principal.projectId} canManage={can(principal.role, "monitoring:write")} cohorts={cohorts} />
      </div>
    </>
  );
});
