/** The anomaly feed: stored anomalies with a sparkline of their series and links to traces and experiments. */
import { and, desc, eq, gte, inArray, isNotNull, lte } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { experiments, metricRollups, monitoringAnomalies } from "@/db/schema";
import { clampBand, metricInfo } from "../rollups/catalog";
import { DRIFT_METRIC_PREFIX, driftHistory, driftReportHref, isDriftMetric } from "./drift-runs";

/** Readable names of the drift run's features. */
const DRIFT_FEATURES: Record<string, string> = {
  promptLength: "prompt length",
  responseLength: "response length",
  inputTokens: "input tokens",
  outputTokens: "output tokens",
  model: "model mix",
  toolUsage: "tool usage",
};
const driftFeatureLabel = (f: string) => DRIFT_FEATURES[f] ?? (f.includes("embedding") ? "prompt embeddings" : f);

const DAY = 86_400_000;
const STEP: Record<"hour" | "day", number> = { hour: 3_600_000, day: DAY };
/** Sparkline span either side of the anomaly, in buckets. */
const SPARK = 14;

export const anomalyListQuerySchema = z.object({
  status: z.enum(["open", "acknowledged", "false_positive", "confirmed", "active"]).optional(),
  metric: z.string().max(200).optional(),
  severity: z.enum(["low", "medium", "high", "critical"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AnomalyListQuery = z.infer<typeof anomalyListQuerySchema>;

export interface AnomalyFeedItem {
  id: string;
  metric: string;
  metricLabel: string;
  unit: string;
  granularity: "hour" | "day";
  dimension: string;
  dimensionValue: string;
  timestamp: string;
  value: number;
  expected: number;
  lower: number;
  upper: number;
  score: number;
  direction: "up" | "down";
  kind: string;
  severity: string;
  status: string;
  /** Incidents: the last and the most surprising anomalous bucket, and how many buckets were anomalous. */
  endedAt: string;
  peakAt: string;
  points: number;
  detectedAt: string;
  sparkline: { timestamp: string; value: number }[];
  links: {
    traces: string;
    experiment: { key: string; name: string; startedAt: string; href: string } | null;
    /** The stored drift run of that day (drift anomalies only). */
    drift: string | null;
  };
}

export async function listAnomalies(db: Db, projectId: string, query: AnomalyListQuery): Promise<AnomalyFeedItem[]> {
  const filters = [eq(monitoringAnomalies.projectId, projectId)];
  if (query.status === "active") filters.push(inArray(monitoringAnomalies.status, ["open", "acknowledged"]));
  else if (query.status) filters.push(eq(monitoringAnomalies.status, query.status));
  if (query.metric) filters.push(eq(monitoringAnomalies.metric, query.metric));
  if (query.severity) filters.push(eq(monitoringAnomalies.severity, query.severity));
  const rows = await db
    .select()
    .from(monitoringAnomalies)
    .where(and(...filters))
    .orderBy(desc(monitoringAnomalies.timestamp), desc(monitoringAnomalies.score))
    .limit(query.limit);
  if (rows.length === 0) return [];

  const times = rows.map((r) => r.timestamp.getTime());
  const from = new Date(Math.min(...times) - SPARK * DAY);
  const to = new Date(Math.max(...times) + SPARK * DAY);
  const driftFeatures = [...new Set(rows.filter((r) => r.kind === "drift").map((r) => r.metric.slice(DRIFT_METRIC_PREFIX.length)))];
  const [series, started, drift] = await Promise.all([
    db
      .select({
        metric: metricRollups.metric,
        granularity: metricRollups.granularity,
        dimension: metricRollups.dimension,
        dimensionValue: metricRollups.dimensionValue,
        bucketStart: metricRollups.bucketStart,
        value: metricRollups.value,
      })
      .from(metricRollups)
      .where(
        and(
          eq(metricRollups.projectId, projectId),
          inArray(metricRollups.metric, [...new Set(rows.map((r) => r.metric))]),
          inArray(metricRollups.granularity, [...new Set(rows.map((r) => r.granularity))]),
          gte(metricRollups.bucketStart, from),
          lte(metricRollups.bucketStart, to),
        ),
      )
      .orderBy(metricRollups.bucketStart),
    db
      .select({ key: experiments.key, name: experiments.name, startedAt: experiments.startedAt })
      .from(experiments)
      .where(and(eq(experiments.projectId, projectId), isNotNull(experiments.startedAt), gte(experiments.startedAt, new Date(from.getTime() - 2 * DAY)), lte(experiments.startedAt, to))),
    driftHistory(db, projectId, driftFeatures, from, to),
  ]);

  return rows.map((r) => {
    const step = STEP[r.granularity];
    const t = r.timestamp.getTime();
    if (r.kind === "drift" || isDriftMetric(r.metric)) return driftItem(r, drift.get(r.metric.slice(DRIFT_METRIC_PREFIX.length)) ?? []);
    const sparkline = series
      .filter(
        (s) =>
          s.metric === r.metric &&
          s.granularity === r.granularity &&
          s.dimension === r.dimension &&
          s.dimensionValue === r.dimensionValue &&
          Math.abs(s.bucketStart.getTime() - t) <= SPARK * step,
      )
      .map((s) => ({ timestamp: s.bucketStart.toISOString(), value: s.value }));
    // "Started near it": from two days before the bucket to its end (a launch right before a change is the suspect).
    const near = started
      .filter((e) => e.startedAt!.getTime() >= t - 2 * DAY && e.startedAt!.getTime() < t + step)
      .sort((a, b) => Math.abs(a.startedAt!.getTime() - t) - Math.abs(b.startedAt!.getTime() - t))[0];
    // The incident's whole span: from its first bucket to the end of its last.
    const traces = new URLSearchParams({ from: r.timestamp.toISOString(), to: new Date((r.endedAt?.getTime() ?? t) + step).toISOString() });
    if (r.dimension === "environment") traces.set("environment", r.dimensionValue);
    if (r.dimension === "model") traces.set("model", r.dimensionValue);
    // A latency anomaly opens its window slowest first: the traces that moved the percentile lead.
    if (r.metric.startsWith("latency_")) {
      traces.set("sort", "latency");
      traces.set("order", "desc");
    }
    const info = metricInfo(r.metric);
    return {
      ...rowFields(r),
      // Rows stored before the domain clamp existed are clamped here too.
      ...clampBand(r.metric, { expected: r.expected, lower: r.lower, upper: r.upper }),
      metricLabel: info.label,
      unit: info.unit,
      sparkline,
      links: {
        traces: `/traces?${traces.toString()}`,
        experiment: near
          ? { key: near.key, name: near.name, startedAt: near.startedAt!.toISOString(), href: `/experiments/${encodeURIComponent(near.key)}` }
          : null,
        drift: null,
      },
    };
  });
}

type AnomalyRow = typeof monitoringAnomalies.$inferSelect;

/** The stored columns every feed item carries as they are. */
function rowFields(r: AnomalyRow) {
  const { id, metric, granularity, dimension, dimensionValue, value, expected, lower, upper, score, direction, kind, severity, status } = r;
  return {
    id, metric, granularity, dimension, dimensionValue, value, expected, lower, upper, score, direction, kind, severity, status,
    timestamp: r.timestamp.toISOString(),
    endedAt: (r.endedAt ?? r.timestamp).toISOString(),
    peakAt: (r.peakAt ?? r.timestamp).toISOString(),
    points: r.points,
    detectedAt: r.detectedAt.toISOString(),
  };
}

/** A drifted feature of a daily drift run: value = test statistic, upper = its threshold; links to that day's report. */
function driftItem(r: AnomalyRow, history: { timestamp: string; value: number }[]): AnomalyFeedItem {
  const t = r.timestamp.getTime();
  const feature = r.metric.slice(DRIFT_METRIC_PREFIX.length);
  // The drift run compares the 7 days before its day with the 7 before those: the traces link is the current window.
  const traces = new URLSearchParams({ from: new Date(t - 7 * DAY).toISOString(), to: r.timestamp.toISOString() });
  return {
    ...rowFields(r),
    metricLabel: `Drift in ${driftFeatureLabel(feature)}`,
    unit: "",
    sparkline: history.filter((p) => Math.abs(Date.parse(p.timestamp) - t) <= SPARK * DAY),
    links: { traces: `/traces?${traces.toString()}`, experiment: null, drift: driftReportHref(r.timestamp) },
  };
}
