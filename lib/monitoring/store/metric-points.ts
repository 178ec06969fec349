/**
 * Custom metric ingestion (POST /api/v1/metrics): each point validated on its own, valid ones written
 * idempotently by (metric, timestamp, dimensions); a replay changes nothing.
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { metricPoints } from "@/db/schema";
import { eventTime, metricValue } from "@/lib/ingest/fields";
import { describeFailure } from "@/lib/errors/log-safe";
import { isPermanentFailure } from "@/lib/ingest/store-failure";
import { isBuiltinMetric } from "../rollups/catalog";
import { log } from "@/lib/log";

export const MAX_METRIC_POINTS = 1000;

const pointSchema = z.object({
  metric: z
    .string()
    .min(1, "is required")
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/, "may contain letters, digits, _ . : - only")
    .refine((m) => !isBuiltinMetric(m), "is a built-in metric name"),
  timestamp: eventTime,
  value: metricValue,
  dimensions: z.record(z.string().max(100), z.string().max(200)).refine((d) => Object.keys(d).length <= 10, "at most 10 dimensions").optional(),
});

/** The envelope of `POST /api/v1/metrics`; points are validated one by one so a bad point fails alone. */
export const metricPointsBodySchema = z.object({
  points: z.array(z.unknown()).min(1, "must contain at least one point").max(MAX_METRIC_POINTS, `must have at most ${MAX_METRIC_POINTS} points`),
});

export interface MetricIngestResult {
  successes: { index: number }[];
  errors: { index: number; status: number; message: string }[];
  /** The time range the accepted points cover (null when none were accepted). */
  window: { from: string; to: string } | null;
}

const canonical = (d: Record<string, string>) =>
  JSON.stringify(Object.fromEntries(Object.entries(d).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

export async function ingestMetricPoints(db: Db, projectId: string, input: z.output<typeof metricPointsBodySchema>): Promise<MetricIngestResult> {
  const result: MetricIngestResult = { successes: [], errors: [], window: null };
  const rows = new Map<string, { row: typeof metricPoints.$inferInsert; indices: number[] }>();
  input.points.forEach((raw, index) => {
    const p = pointSchema.safeParse(raw);
    if (!p.success) {
      const issue = p.error.issues[0];
      result.errors.push({ index, status: 400, message: `points.${index}.${issue.path.join(".")}: ${issue.message}` });
      return;
    }
    const dimensions = p.data.dimensions ?? {};
    const dimensionsKey = canonical(dimensions);
    // Within one batch the last copy of a key wins, like a replay of the same point.
    const key = `${p.data.metric}|${p.data.timestamp.toISOString()}|${dimensionsKey}`;
    const row = { projectId, metric: p.data.metric, timestamp: p.data.timestamp, dimensionsKey, dimensions, value: p.data.value };
    rows.set(key, { row, indices: [...(rows.get(key)?.indices ?? []), index] });
  });
  const stored = await insertIsolated(db, [...rows.values()], result);
  result.successes.sort((a, b) => a.index - b.index);
  result.errors.sort((a, b) => a.index - b.index);
  if (stored.length > 0) {
    const times = stored.map((v) => v.timestamp.getTime());
    result.window = { from: new Date(Math.min(...times)).toISOString(), to: new Date(Math.max(...times) + 1).toISOString() };
  }
  return result;
}

type Pending = { row: typeof metricPoints.$inferInsert; indices: number[] };

/** Bulk insert; when the database refuses it, one insert per point so a poison point fails alone. */
async function insertIsolated(db: Db, pending: Pending[], result: MetricIngestResult) {
  const stored: (typeof metricPoints.$inferInsert)[] = [];
  const settle = (group: Pending[], err?: unknown) => {
    for (const p of group) {
      if (err === undefined) {
        stored.push(p.row);
        result.successes.push(...p.indices.map((index) => ({ index })));
      } else {
        const status = isPermanentFailure(err) ? 422 : 503;
        const message = status === 422 ? "The database refused this point's values" : "Could not store the point (the database is unavailable); retry later";
        result.errors.push(...p.indices.map((index) => ({ index, status, message })));
      }
    }
    if (err !== undefined) log("monitoring").error({ points: group.length, error: describeFailure(err) }, "metric write failed");
  };
  if (pending.length === 0) return stored;
  try {
    await db.insert(metricPoints).values(pending.map((p) => p.row)).onConflictDoNothing();
    settle(pending);
    return stored;
  } catch (err) {
    if (!isPermanentFailure(err) || pending.length === 1) return settle(pending, err), stored;
  }
  for (const p of pending) {
    try {
      await db.insert(metricPoints).values(p.row).onConflictDoNothing();
      settle([p]);
    } catch (err) {
      settle([p], err);
    }
  }
  return stored;
}
