// Materialization (Feast's `materialize`): compute each view's offline values at `now` into Postgres, prune history
// past the view's window, then copy every entity's latest value to the online store with the view's TTL.
import type { Db } from "@/db/client";
import { FEATURE_VIEWS, type FeatureView } from "./registry";
import type { OnlineStore } from "./online-store";
import {
  insertFeatureRows,
  insertInteractionFeatures,
  latestFeaturePage,
  promotedModelFeatures,
  pruneFeatureHistory,
  userFactorsPage,
  type FeatureRow,
} from "../store/features";

const PAGE = 1000;
const HOUR_MS = 3_600_000;

export interface MaterializedView {
  view: string;
  /** Offline rows added by this run (0 when the values were already there, e.g. an unchanged model version). */
  added: number;
  pruned: number;
  /** Entities copied to the online store. */
  online: number;
}

/** Vectors are stored with float32 precision (7 significant digits), which is what the model holds. */
const vector = (a: Float32Array) => Array.from(a, (x) => Number(x.toPrecision(7)));

async function computeOffline(db: Db, projectId: string, view: FeatureView, now: Date): Promise<number> {
  if (view.name === "user_engagement" || view.name === "item_statistics") return insertInteractionFeatures(db, projectId, view.name, now);
  const model = await promotedModelFeatures(db, projectId);
  if (!model) return 0;
  let added = 0;
  if (view.name === "cf_factors") {
    for (let after: string | null = null; ; ) {
      const page = await userFactorsPage(db, projectId, model.id, after, PAGE);
      if (!page.length) break;
      const rows: FeatureRow[] = page.map((u) => ({ entityKey: u.userId, eventTime: model.createdAt, values: { model_version: model.version, factors: vector(u.factors) } }));
      await insertFeatureRows(db, projectId, view.name, true, rows);
      added += rows.length;
      after = page[page.length - 1].userId;
    }
    return added;
  }
  if (view.name === "content_vectors" && model.content) {
    const { itemIds, dimension: d, vectors, embedder } = model.content;
    const rows: FeatureRow[] = itemIds.map((itemId, k) => ({ entityKey: itemId, eventTime: model.createdAt, values: { embedder, vector: vector(vectors.subarray(k * d, (k + 1) * d)) } }));
    await insertFeatureRows(db, projectId, view.name, false, rows);
    return rows.length;
  }
  return 0;
}

/** Pushes every entity's latest offline value of `view` online; values already past the TTL are not copied. */
export async function pushOnline(db: Db, store: OnlineStore, projectId: string, view: FeatureView, now: Date): Promise<number> {
  const ttlMs = view.ttlHours * HOUR_MS;
  let online = 0;
  for (let after: string | null = null; ; ) {
    const page = await latestFeaturePage(db, projectId, view.name, after, PAGE);
    if (!page.length) break;
    const fresh = page.filter((r) => now.getTime() - r.eventTime.getTime() < ttlMs);
    await store.write(
      projectId,
      view.name,
      fresh.map((r) => ({ entityKey: r.entityKey, values: r.values, eventTime: r.eventTime.getTime(), materializedAt: now.getTime() })),
      ttlMs,
    );
    online += fresh.length;
    after = page[page.length - 1].entityKey;
  }
  return online;
}

export async function materializeFeatures(db: Db, store: OnlineStore, projectId: string, now: Date, views: readonly FeatureView[] = FEATURE_VIEWS): Promise<MaterializedView[]> {
  const out: MaterializedView[] = [];
  for (const view of views) {
    // "Counted" rows: the INSERT reports what it added (model views skip a version's rows already stored).
    const added = await computeOffline(db, projectId, view, now);
    const pruned = await pruneFeatureHistory(db, projectId, view.name, new Date(now.getTime() - view.historyDays * 24 * HOUR_MS));
    const online = await pushOnline(db, store, projectId, view, now);
    out.push({ view: view.name, added, pruned, online });
  }
  return out;
}
