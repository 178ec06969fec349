/** The anomaly feed: stored anomalies with a sparkline of their series and links to traces and experiments. */
import { and, desc, eq, gte, inArray, isNotNull, lte } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { experiments, metricRollups, monitoringAnomalies } from "@/db/schema";
import { metricInfo } from "../rollups/catalog";

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
  detectedAt: string;
  sparkline: { timestamp: string; value: number }[];
  links: { traces: string; experiment: { key: string; name: string; startedAt: string; href: string } | null };
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
  const [series, started] = await Promise.all([
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
  ]);

  return rows.map((r) => {
    const step = STEP[r.granularity];
    const t = r.timestamp.getTime();
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
    const traces = new URLSearchParams({ from: r.timestamp.toISOString(), to: new Date(t + step).toISOString() });
    if (r.dimension === "environment") traces.set("environment", r.dimensionValue);
    if (r.dimension === "model") traces.set("model", r.dimensionValue);
    const info = metricInfo(r.metric);
    return {
      id: r.id,
      metric: r.metric,
      metricLabel: info.label,
      unit: info.unit,
      granularity: r.granularity,
      dimension: r.dimension,
      dimensionValue: r.dimensionValue,
      timestamp: r.timestamp.toISOString(),
      value: r.value,
      expected: r.expected,
      lower: r.lower,
      upper: r.upper,
      score: r.score,
      direction: r.direction,
      kind: r.kind,
      severity: r.severity,
      status: r.status,
      detectedAt: r.detectedAt.toISOString(),
      sparkline,
      links: {
        traces: `/traces?${traces.toString()}`,
        experiment: near
          ? { key: near.key, name: near.name, startedAt: near.startedAt!.toISOString(), href: `/experiments/${encodeURIComponent(near.key)}` }
          : null,
      },
    };
  });
}
