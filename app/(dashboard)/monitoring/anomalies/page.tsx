import type { Metadata } from "next";
import type { z } from "zod";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { can } from "@/lib/auth/permissions";
import { anomalyListQuerySchema } from "@/lib/monitoring/store/list";
import { PageHeader } from "@/components/ui/page-header";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";

export const metadata: Metadata = { title: "Anomalies" };

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default dashboardPage("monitoring:read", async function AnomaliesPage({ searchParams }: { searchParams: Promise<SearchParams> }, { principal }) {
  const raw = await searchParams;
  // The triage filters live in the URL; a value the API would refuse is ignored here (the default view instead).
  const shape = anomalyListQuerySchema.shape;
  const pick = <S extends z.ZodType>(schema: S, key: string): z.output<S> | undefined => {
    const parsed = schema.safeParse(first(raw[key]));
    return parsed.success ? parsed.data : undefined;
  };
  const status = pick(shape.status, "status");
  return (
    <>
      <PageHeader
        title="Anomalies"
        description="Spikes, drops, level shifts and trends in daily and hourly metric rollups (volume, error rate, latency, cost, tokens, thumbs-up rate, custom metrics), detected hourly, and drifted prompt/response features from the daily drift run. Open anomalies come first, most severe first."
      />
      <AnomalyFeed
        projectId={principal.projectId}
        limit={100}
        status={status ?? "all"}
        filter={{
          severity: pick(shape.severity, "severity"),
          metric: pick(shape.metric, "metric"),
          dimension: pick(shape.dimension, "dimension"),
          dimensionValue: pick(shape.dimensionValue, "dimensionValue"),
          sort: pick(shape.sort, "sort"),
          muted: pick(shape.muted, "muted"),
          cursor: pick(shape.cursor, "cursor"),
        }}
        canReview={can(principal.role, "monitoring:write")}
        showSensitivity
        triage={{ basePath: "/monitoring/anomalies" }}
      />
    </>
  );
});
