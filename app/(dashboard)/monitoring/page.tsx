import type { Metadata } from "next";
import Link from "next/link";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";
import { AlertsPanel } from "@/components/monitoring/alerts-panel";
import { getDb } from "@/db/client";
import { listCohorts } from "@/lib/cohorts/store/cohorts";

export const metadata: Metadata = { title: "Monitoring" };

export default dashboardPage("monitoring:read", async function MonitoringPage(_props: object, { principal }) {
  const cohorts = (await listCohorts(await getDb(), principal.projectId)).map((c) => ({ id: c.id, name: c.name }));
  return (
    <>
      <PageHeader title="Monitoring" description="Open anomalies, alert rules and their notification log; data drift and quality forecasts, from hourly metric rollups." />
      <div className="grid">
        <nav className="card" aria-label="Monitoring views">
          <Link href="/monitoring/anomalies">All anomalies and sensitivity</Link> · <Link href="/monitoring/drift">Drift report</Link> ·{" "}
          <Link href="/monitoring/forecasts">Quality forecasts</Link>
        </nav>
        <section className="card" aria-label="Open anomalies">
          <h2>Open anomalies</h2>
          <AnomalyFeed projectId={principal.projectId} limit={20} canReview={can(principal.role, "monitoring:write")} />
        </section>
        <AlertsPanel projectId={principal.projectId} canManage={can(principal.role, "monitoring:write")} cohorts={cohorts} />
      </div>
    </>
  );
});
