import type { Metadata } from "next";
import type { z } from "zod";
import { dashboardPage } from "@/app/_server/dashboard-page";
import { can } from "@/lib/auth/permissions";
import { anomalyListQuerySchema } from "@/lib/monitoring/store/list";
import { PageHeader } from "@/components/ui/page-header";
import { AnomalyFeed } from "@/components/monitoring/anomaly-feed";
import { describeRange, parseTimeRange, windowFields } from "@/lib/time-range/range";
import { pageParams, RangePicker, RangeProblem } from "@/components/time-range/range-picker";

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
  // The incidents listed and counted are those overlapping the app's one time range.
  const { range, problem } = parseTimeRange(raw, new Date());
  return (
    <>
      <PageHeader
        title="Anomalies"
        description={`Spikes, drops, level shifts and trends in daily and hourly metric rollups (volume, error rate, latency, cost, tokens, thumbs-up rate, custom metrics), detected hourly, and drifted prompt/response features from the daily drift run. Open anomalies come first, most severe first · incidents overlapping the ${describeRange(range)}.`}
        actions={<RangePicker path="/monitoring/anomalies" params={pageParams(raw)} range={range} />}
      />
      <RangeProblem problem={problem} />
      <AnomalyFeed
        projectId={principal.projectId}
        limit={100}
        status={status ?? "all"}
        filter={{
          ...windowFields(range),
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
