import type { Metadata } from "next";
import { requirePermission } from "@/app/_server/page-auth";
import { can } from "@/lib/auth/permissions";
import { PageHeader } from "@/components/ui/page-header";
import { AccessDenied } from "@/components/ui/access-denied";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";

export const metadata: Metadata = { title: "Anomalies" };

export default async function AnomaliesPage() {
  const access = await requirePermission("monitoring:read");
  if (!access.allowed) return <AccessDenied role={access.principal.role} permission={access.permission} />;
  return (
    <>
      <PageHeader
        title="Anomalies"
        description="Spikes, drops, level shifts and trends in daily and hourly metric rollups (volume, error rate, latency, cost, tokens, thumbs-up rate, custom metrics), detected hourly, and drifted prompt/response features from the daily drift run."
      />
      <AnomalyFeed projectId={access.principal.projectId} limit={100} status="all" canReview={can(access.principal.role, "monitoring:write")} showSensitivity />
    </>
  );
}
