/** The anomaly feed: stored anomalies with a sparkline of their series and links to traces and experiments. */
import { and, count, desc, eq, gte, inArray, isNotNull, lt, lte, not, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { experiments, metricRollups, monitoringAnomalies } from "@/db/schema";
import { clampBand, metricInfo } from "../rollups/catalog";
import { decodeTupleCursor, encodeCursor, InvalidCursorError } from "@/lib/pagination/cursor";
import { anomalyMuted } from "./mutes";
import { SEVERITY_RANK } from "../anomaly/sensitivity";
import { DRIFT_METRIC_PREFIX, driftHistory, driftReportHref, isDriftMetric } from "./drift-runs";
import { seriesLabel } from "../rollups/series-label";
import { cohortNamesById } from "@/lib/cohorts/store/cohorts";
import { checkTimeRange, timeRangeQueryShape } from "@/lib/time-range/query";

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

const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);

export const anomalyListQuerySchema = z
  .object({
    /** The window (lib/time-range, default the last 7 days): anomalies whose incident overlaps it. */
    ...timeRangeQueryShape,
    status: z.preprocess(blankToUndefined, z.enum(["open", "acknowledged", "false_positive", "confirmed", "active"]).optional()),
    metric: z.preprocess(blankToUndefined, z.string().max(200).optional()),
    severity: z.preprocess(blankToUndefined, z.enum(["low", "medium", "high", "critical"]).optional()),
    /** A dimension value (e.g. `dimension=model&dimensionValue=gpt-4o`); `dimension=all` is the project-wide series. */
    dimension: z.preprocess(blankToUndefined, z.string().max(200).optional()),
    dimensionValue: z.preprocess(blankToUndefined, z.string().max(500).optional()),
    /** severity (default): open first, then critical > high > medium > low, then newest; recent: newest first. */
    sort: z.preprocess(blankToUndefined, z.enum(["severity", "recent"]).default("severity")),
    /** hide (default): anomalies of muted series are left out (and counted); show: listed, marked muted. */
    muted: z.preprocess(blankToUndefined, z.enum(["hide", "show"]).default("hide")),
    cursor: z.preprocess(blankToUndefined, z.string().max(500).optional()),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .superRefine(checkTimeRange);
export type AnomalyListQuery = z.output<typeof anomalyListQuerySchema>;

export interface AnomalyFeedItem {
  id: string;
  metric: string;
  metricLabel: string;
  unit: string;
  granularity: "hour" | "day";
  dimension: string;
  dimensionValue: string;
  /** The series in words ("model gpt-4o", "cohort Power users"; "all" for the project total). */
  seriesLabel: string;
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
  /** Its series is muted now (listed only with `muted=show`). */
  muted: boolean;
  sparkline: { timestamp: string; value: number }[];
  links: {
    traces: string;
    experiment: { key: string; name: string; startedAt: string; href: string } | null;
    /** The stored drift run of that day (drift anomalies only). */
    drift: string | null;
  };
}

export interface AnomalyFeedPage {
  items: AnomalyFeedItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Anomalies matching the filters that are hidden because their series is muted (0 with `muted=show`). */
  mutedHidden: number;
}

const CURSOR_MISMATCH = "cursor: is not a cursor returned by this list (or the sort changed)";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const openRank = sql<number>`(case when ${monitoringAnomalies.status} = 'open' then 1 else 0 end)`;
// The same ranks as SEVERITY_RANK, in SQL, so the cursor (computed in JS) and the sort agree by construction.
const severityRank = sql<number>`(case ${monitoringAnomalies.severity} ${sql.join(
  Object.entries(SEVERITY_RANK).map(([severity, rank]) => sql`when ${severity} then ${sql.raw(String(rank))}`),
  sql` `,
)} end)`;

/** The sort key of each order, every part descending, then the id; `shape` says how the cursor carries each part. */
const SORT_KEYS = {
  severity: { parts: [openRank, severityRank, sql`${monitoringAnomalies.timestamp}`], shape: ["number", "number", "date"] },
  recent: { parts: [sql`${monitoringAnomalies.timestamp}`, sql`${monitoringAnomalies.score}`], shape: ["date", "number"] },
} as const;

const STATUS_RANK = (status: string) => (status === "open" ? 1 : 0);

/** Anomalies whose incident (first to last anomalous bucket) overlaps the window [from, to). */
export function anomalyInWindow(window: { from: Date; to: Date }): SQL {
  return and(lt(monitoringAnomalies.timestamp, window.to), sql`coalesce(${monitoringAnomalies.endedAt}, ${monitoringAnomalies.timestamp}) >= ${window.from.toISOString()}::timestamptz`)!;
}

/** The filters of a list query, without paging and muting (shared by the list and the muted count). */
function listFilters(projectId: string, query: AnomalyListQuery, window: { from: Date; to: Date }): SQL[] {
  const filters: SQL[] = [eq(monitoringAnomalies.projectId, projectId), anomalyInWindow(window)];
  if (query.status === "active") filters.push(inArray(monitoringAnomalies.status, ["open", "acknowledged"]));
  else if (query.status) filters.push(eq(monitoringAnomalies.status, query.status));
  if (query.metric) filters.push(eq(monitoringAnomalies.metric, query.metric));
  if (query.severity) filters.push(eq(monitoringAnomalies.severity, query.severity));
  if (query.dimension) filters.push(eq(monitoringAnomalies.dimension, query.dimension));
  if (query.dimensionValue) filters.push(eq(monitoringAnomalies.dimensionValue, query.dimensionValue));
  return filters;
}

function cursorCondition(raw: string, sort: AnomalyListQuery["sort"]): SQL {
  const key = SORT_KEYS[sort];
  const c = decodeTupleCursor(raw, key.shape, CURSOR_MISMATCH);
  if (!UUID.test(c.id)) throw new InvalidCursorError(CURSOR_MISMATCH);
  // Typed like the sorted expressions, so both drivers compare them the same way.
  const values = c.v.map((v, i) => (key.shape[i] === "date" ? sql`${new Date(v as string).toISOString()}::timestamptz` : sql`${v}::double precision`));
  // Every part sorts descending: the next page is everything strictly after the last row's key.
  return sql`(${sql.join([...key.parts, sql`${monitoringAnomalies.id}`], sql`, `)}) < (${sql.join([...values, sql`${c.id}::uuid`], sql`, `)})`;
}

/**
 * One page of the anomaly feed, in triage order by default (open before reviewed, critical before low, newest first),
 * with keyset paging, of the incidents overlapping `window`; `now` decides which mutes are in force.
 */
export async function listAnomalies(db: Db, projectId: string, query: AnomalyListQuery, window: { from: Date; to: Date }, now = new Date()): Promise<AnomalyFeedPage> {
  const filters = listFilters(projectId, query, window);
  const muted = anomalyMuted(now);
  const where = [...filters];
  if (query.muted === "hide") where.push(not(muted));
  if (query.cursor) where.push(cursorCondition(query.cursor, query.sort));
  const key = SORT_KEYS[query.sort];
  const [found, hidden] = await Promise.all([
    db
      .select({ row: monitoringAnomalies, muted })
      .from(monitoringAnomalies)
      .where(and(...where))
      .orderBy(...key.parts.map((p) => desc(p)), desc(monitoringAnomalies.id))
      .limit(query.limit + 1),
    query.muted === "hide"
      ? db.select({ n: count() }).from(monitoringAnomalies).where(and(...filters, muted)).then(([r]) => r?.n ?? 0)
      : Promise.resolve(0),
  ]);
  const last = found.length > query.limit ? found[query.limit - 1].row : null;
  const nextCursor = last
    ? encodeCursor(query.sort === "severity" ? [STATUS_RANK(last.status), SEVERITY_RANK[last.severity], last.timestamp] : [last.timestamp, last.score], last.id)
    : null;
  const page = found.slice(0, query.limit);
  const mutedIds = new Set(page.filter((r) => r.muted).map((r) => r.row.id));
  return { items: await feedItems(db, projectId, page.map((r) => r.row), mutedIds), nextCursor, mutedHidden: Number(hidden) };
}

async function feedItems(db: Db, projectId: string, rows: AnomalyRow[], mutedIds: ReadonlySet<string>): Promise<AnomalyFeedItem[]> {
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
  const cohortNames = rows.some((r) => r.dimension === "cohort")
    ? await cohortNamesById(db, projectId)
    : new Map<string, string>();

  return rows.map((r) => {
    const step = STEP[r.granularity];
    const t = r.timestamp.getTime();
    if (r.kind === "drift" || isDriftMetric(r.metric)) return driftItem(r, drift.get(r.metric.slice(DRIFT_METRIC_PREFIX.length)) ?? [], mutedIds, cohortNames);
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
    if (r.dimension === "cohort") traces.set("cohort", r.dimensionValue);
    // A latency anomaly opens its window slowest first: the traces that moved the percentile lead.
    if (r.metric.startsWith("latency_")) {
      traces.set("sort", "latency");
      traces.set("order", "desc");
    }
    const info = metricInfo(r.metric);
    return {
      ...rowFields(r, mutedIds, cohortNames),
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
function rowFields(r: AnomalyRow, mutedIds: ReadonlySet<string>, cohortNames: ReadonlyMap<string, string>) {
  const { id, metric, granularity, dimension, dimensionValue, value, expected, lower, upper, score, direction, kind, severity, status } = r;
  return {
    id, metric, granularity, dimension, dimensionValue, value, expected, lower, upper, score, direction, kind, severity, status,
    seriesLabel: seriesLabel(dimension, dimensionValue, cohortNames),
    timestamp: r.timestamp.toISOString(),
    endedAt: (r.endedAt ?? r.timestamp).toISOString(),
    peakAt: (r.peakAt ?? r.timestamp).toISOString(),
    points: r.points,
    detectedAt: r.detectedAt.toISOString(),
    muted: mutedIds.has(r.id),
  };
}

/** A drifted feature of a daily drift run: value = test statistic, upper = its threshold; links to that day's report. */
function driftItem(
  r: AnomalyRow,
  history: { timestamp: string; value: number }[],
  mutedIds: ReadonlySet<string>,
  cohortNames: ReadonlyMap<string, string>,
): AnomalyFeedItem {
  const t = r.timestamp.getTime();
  const feature = r.metric.slice(DRIFT_METRIC_PREFIX.length);
  // The drift run compares the 7 days before its day with the 7 before those: the traces link is the current window.
  const traces = new URLSearchParams({ from: new Date(t - 7 * DAY).toISOString(), to: r.timestamp.toISOString() });
  return {
    ...rowFields(r, mutedIds, cohortNames),
    metricLabel: `Drift in ${driftFeatureLabel(feature)}`,
    unit: "",
    sparkline: history.filter((p) => Math.abs(Date.parse(p.timestamp) - t) <= SPARK * DAY),
    links: { traces: `/traces?${traces.toString()}`, experiment: null, drift: driftReportHref(r.timestamp) },
  };
}
