import type { Metadata } from "next";
import Link from "next/link";
import { cohortNamesById } from "@/lib/cohorts/store/cohorts";
import { seriesLabel } from "@/lib/monitoring/rollups/series-label";
import { notFound } from "next/navigation";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { getDb } from "@/db/client";
import { anomalyRootCause, findAnomaly } from "@/lib/insights/store/anomaly-root-cause";
import { metricInfo } from "@/lib/monitoring/rollups/catalog";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { toJson } from "@/components/ui/api";
import { RootCauseView } from "@/components/insights/root-cause-view";
import { formatDate, formatMetricValue } from "@/components/format";

export const metadata: Metadata = { title: "Anomaly root cause" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default dashboardPage("monitoring:read", async function AnomalyPage({ params }: { params: Promise<{ id: string }> }, { principal }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const db = await getDb();
  const anomaly = await findAnomaly(db, principal.projectId, id);
  if (!anomaly) notFound();
  const rootCause = await anomalyRootCause(db, principal.projectId, id);
  const info = metricInfo(anomaly.metric);
  const cohortNames = anomaly.dimension === "cohort" ? await cohortNamesById(db, principal.projectId) : new Map<string, string>();
  return (
    <>
      <p className="small" style={{ margin: "0 0 0.5rem" }}>
        <Link href="/monitoring/anomalies">← All anomalies</Link>
      </p>
      <PageHeader
        title={`${info.label} ${anomaly.direction === "up" ? "↑" : "↓"}${anomaly.dimension === "all" ? "" : ` (${seriesLabel(anomaly.dimension, anomaly.dimensionValue, cohortNames)})`}`}
        description={`${anomaly.granularity === "day" ? "Day" : "Hour"} from ${formatDate(anomaly.timestamp)}: ${formatMetricValue(anomaly.value, info.unit)} against ${formatMetricValue(anomaly.expected, info.unit)} expected (${anomaly.severity}).`}
      />
      {rootCause.status === "ready" ? (
        <RootCauseView result={toJson(rootCause.result)} />
      ) : (
        <EmptyState title="No root cause for this anomaly">
          <p>{rootCause.reason}</p>
        </EmptyState>
      )}
    </>
  );
});
