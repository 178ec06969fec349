/**
 * Change events around an analysed window, for the root cause timeline: releases and prompt versions first seen,
 * experiments started or stopped, model price changes, drift detections and alerts sent.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { firstSeenValues } from "./segment-rollups";

export type ChangeEventKind = "release" | "prompt_version" | "experiment_started" | "experiment_stopped" | "price_change" | "drift" | "alert";

export interface ChangeEvent {
  kind: ChangeEventKind;
  at: string;
  label: string;
  href: string | null;
}

const DAY = 86_400_000;
/** How far back a release or prompt version must be unseen to count as new there. */
const FIRST_SEEN_LOOKBACK_DAYS = 30;
const LIMIT = 100;

export async function changeEventsAround(db: Db, projectId: string, window: { from: Date; to: Date }): Promise<ChangeEvent[]> {
  const from = window.from.toISOString(), to = window.to.toISOString();
  const lookback = new Date(window.from.getTime() - FIRST_SEEN_LOOKBACK_DAYS * DAY).toISOString();
  const [seen, others] = await Promise.all([
    firstSeenValues(db, projectId, new Date(lookback), window.to),
    db.execute(sql`
      select 'experiment_started' as kind, started_at as at, name as label, key as ref from experiments
        where project_id = ${projectId} and started_at >= ${from}::timestamptz and started_at < ${to}::timestamptz
      union all
      select 'experiment_stopped', ended_at, name, key from experiments
        where project_id = ${projectId} and ended_at >= ${from}::timestamptz and ended_at < ${to}::timestamptz
      union all
      select 'price_change', effective_from, model_pattern, null from model_price_overrides
        where project_id = ${projectId} and effective_from >= ${from}::timestamptz and effective_from < ${to}::timestamptz
      union all
      select 'drift', day, array_to_string(drifted_features, ', '), null from monitoring_drift_runs
        where project_id = ${projectId} and drifted and day >= ${from}::timestamptz and day < ${to}::timestamptz
      union all
      select 'alert', created_at, message, null from alert_notifications
        where project_id = ${projectId} and status = 'sent' and created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz
      order by 2 limit ${LIMIT}`),
  ]);
  const rows = [
    ...seen.filter((v) => v.at >= window.from).map((v) => ({ ...v, ref: null })),
    ...rowsOf<{ kind: ChangeEventKind; at: Date | string; label: string; ref: string | null }>(others),
  ]
    // Ties (a release and a prompt version first seen on the same trace) in a fixed order.
    .sort((x, y) => new Date(x.at).getTime() - new Date(y.at).getTime() || x.kind.localeCompare(y.kind) || String(x.label).localeCompare(String(y.label)))
    .slice(0, LIMIT);
  return rows.map((r) => {
    const at = new Date(r.at).toISOString();
    const day = at.slice(0, 10);
    const href =
      r.kind === "experiment_started" || r.kind === "experiment_stopped"
        ? `/experiments/${encodeURIComponent(String(r.ref))}`
        : r.kind === "drift"
          ? `/monitoring/drift?day=${day}`
          : r.kind === "alert"
            ? "/monitoring"
            : r.kind === "price_change"
              ? "/costs"
              : null;
    return { kind: r.kind, at, label: String(r.label), href };
  });
}
