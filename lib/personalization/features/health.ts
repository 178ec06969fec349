// The feature store's health per view, as the Personalization page shows it: what is materialized and how fresh it is
// (offline), the last parity check against the online copy, and this instance's serving latency and hit ratio.
import type { Db } from "@/db/client";
import { FEATURE_VIEWS } from "./registry";
import type { ServingStats } from "./serving-stats";
import { featureViewSummaries, latestParity } from "../store/features";

export async function featureStoreHealth(db: Db, projectId: string, o: { now: Date; stats: ServingStats; onlineKind: "redis" | "memory" }) {
  const [summaries, parity] = await Promise.all([featureViewSummaries(db, projectId, FEATURE_VIEWS.map((v) => v.name)), latestParity(db, projectId)]);
  const serving = o.stats.summary(projectId);
  const views = FEATURE_VIEWS.map((view) => {
    const s = summaries.find((x) => x.view === view.name);
    const p = parity.find((x) => x.view === view.name);
    return {
      view: view.name,
      entity: view.entity,
      description: view.description,
      features: view.features.length,
      ttlHours: view.ttlHours,
      entities: s?.entities ?? 0,
      eventTime: s?.eventTime.toISOString() ?? null,
      /** Age of the newest offline values (ms). */
      freshnessMs: s ? o.now.getTime() - s.eventTime.getTime() : null,
      parity: p
        ? {
            checkedAt: p.checkedAt.toISOString(),
            checked: p.checked,
            missing: p.missing,
            stale: p.stale,
            mismatched: p.mismatched,
            diffRate: p.diffRate,
            /** How far the oldest online value checked lagged the newest offline one (ms). */
            onlineLagMs: p.offlineEventTime && p.oldestOnlineEventTime ? p.offlineEventTime.getTime() - p.oldestOnlineEventTime.getTime() : null,
          }
        : null,
      serving: serving.get(view.name) ?? null,
    };
  });
  return { onlineStore: o.onlineKind, views };
}
export type FeatureStoreHealth = Awaited<ReturnType<typeof featureStoreHealth>>;
