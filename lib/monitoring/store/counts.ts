/** The triage header of the anomaly feed: open anomalies per severity, leaving out series muted at `now`. */
import { and, count, eq, not } from "drizzle-orm";
import type { Db } from "@/db/client";
import { monitoringAnomalies } from "@/db/schema";
import { anomalyMuted } from "./mutes";
import { anomalyInWindow } from "./list";

export type SeverityCounts = Record<"critical" | "high" | "medium" | "low", number>;

/** Open, unmuted anomalies per severity in the window (of one metric, if given); every severity is present, 0 when none. */
export async function openAnomalyCounts(db: Db, projectId: string, window: { from: Date; to: Date }, now: Date, metric?: string): Promise<SeverityCounts> {
  const rows = await db
    .select({ severity: monitoringAnomalies.severity, n: count() })
    .from(monitoringAnomalies)
    .where(
      and(
        eq(monitoringAnomalies.projectId, projectId),
        eq(monitoringAnomalies.status, "open"),
        anomalyInWindow(window),
        ...(metric ? [eq(monitoringAnomalies.metric, metric)] : []),
        not(anomalyMuted(now)),
      ),
    )
    .groupBy(monitoringAnomalies.severity);
  const out: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const r of rows) out[r.severity] = Number(r.n);
  return out;
}
