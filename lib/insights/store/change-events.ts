/**
 * Change events around an analysed window, for the root cause timeline: releases and prompt versions first seen,
 * experiments started or stopped, model price changes, drift detections and alerts sent.
 */
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";

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

export async function changeEventsAround(db: Db, projectId: string, window: { from: Date; to: Date }): Promise<ChangeEvent[]> {
  const from = window.from.toISOString(), to = window.to.toISOString();
  const lookback = new Date(window.from.getTime() - FIRST_SEEN_LOOKBACK_DAYS * DAY).toISOString();
  const rows = rowsOf<{ kind: ChangeEventKind; at: Date | string; label: string; ref: string | null }>(
    await db.execute(sql`
      with seen as (
        select release, coalesce(metadata->>'prompt_version', metadata->>'promptVersion', version) as prompt_version, timestamp
        from traces where project_id = ${projectId} and timestamp >= ${lookback}::timestamptz and timestamp < ${to}::timestamptz
      )
      select 'release' as kind, min(timestamp) as at, release as label, null as ref from seen where release is not null
        group by release having min(timestamp) >= ${from}::timestamptz
      union all
      select 'prompt_version', min(timestamp), prompt_version, null from seen where prompt_version is not null
        group by prompt_version having min(timestamp) >= ${from}::timestamptz
      union all
      select 'experiment_started', started_at, name, key from experiments
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
      order by 2 limit 100`),
  );
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
