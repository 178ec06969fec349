import { and, asc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { metricRollups } from "@/db/schema";

const DAY = 86_400_000;

export const rollupQuerySchema = z.object({
  metric: z.string().min(1, "is required").max(100),
  granularity: z.enum(["hour", "day"]).default("day"),
  dimension: z.string().max(100).default("all"),
  dimensionValue: z.string().max(200).default("all"),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type RollupQuery = z.input<typeof rollupQuerySchema>;

/** One rollup series, oldest first (default: the last 90 days). */
export async function readRollups(db: Db, projectId: string, input: RollupQuery) {
  const q = rollupQuerySchema.parse(input);
  const to = q.to ?? new Date();
  const from = q.from ?? new Date(to.getTime() - 90 * DAY);
  const rows = await db
    .select({ bucketStart: metricRollups.bucketStart, value: metricRollups.value, count: metricRollups.count })
    .from(metricRollups)
    .where(
      and(
        eq(metricRollups.projectId, projectId),
        eq(metricRollups.granularity, q.granularity),
        eq(metricRollups.metric, q.metric),
        eq(metricRollups.dimension, q.dimension),
        eq(metricRollups.dimensionValue, q.dimensionValue),
        gte(metricRollups.bucketStart, from),
        lt(metricRollups.bucketStart, to),
      ),
    )
    .orderBy(asc(metricRollups.bucketStart));
  return rows.map((r) => ({ timestamp: r.bucketStart.toISOString(), value: r.value, count: r.count }));
}
