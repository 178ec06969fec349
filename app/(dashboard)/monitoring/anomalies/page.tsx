import type { Metadata } from "next";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";

export const metadata: Metadata = { title: "Anomalies" };

export default dashboardPage("monitoring:read", async function AnomaliesPage(_props: object, { principal }) {
  return (
    <>
      <PageHeader
        title="Anomalies"
        description="Spikes, drops, level shifts and trends in daily and hourly metric rollups (volume, error rate, latency, cost, tokens, thumbs-up rate, custom metrics), detected hourly, and drifted prompt/response features from the daily drift run."
      />
      <AnomalyFeed projectId={principal.projectId} limit={100} status="all" canReview={can(principal.role, "monitoring:write")} showSensitivity />
    </>
  );
});
