// Online feature serving (Feast's `get_online_features`): the requested views' values of up to 20 entities from the
// online store, one read per view; entities it misses are read from the offline store's latest values and written
// back (so an online store that restarted empty fills itself). Each value says whether it was present, not found or
// older than the view's TTL.
import { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { FEATURE_ENTITIES, resolveFeatureRefs, type FeatureView } from "./registry";
import type { OnlineRecord, OnlineStore } from "./online-store";
import type { ServingStats } from "./serving-stats";
import { latestFeatureValues } from "../store/features";

export const MAX_ENTITIES = 20;
const HOUR_MS = 3_600_000;

export const featuresQuerySchema = z.object({
  entity: z.enum(FEATURE_ENTITIES),
  /** Comma-separated entity ids (user or item ids), at most 20. */
  id: z.string().min(1).max(20 * 256),
  /** Comma-separated `view:feature` or `view` references; absent: every view of the entity. */
  features: z.string().max(4000).optional(),
});
export type FeaturesQuery = z.infer<typeof featuresQuerySchema>;

export type FeatureStatus = "present" | "not_found" | "outside_max_age";

export interface EntityFeatures {
  id: string;
  /** `view:feature` → value (null when not present). */
  values: Record<string, unknown>;
  status: Record<string, FeatureStatus>;
  /** The event time of each view's value, when there is one. */
  eventTime: Record<string, string | null>;
}

function entityIds(raw: string): string[] {
  const ids = [...new Set(raw.split(",").map((s) => s.trim()).filter(Boolean))];
  if (!ids.length) throw new AppError("invalid_request", "id: name at least one entity id");
  if (ids.length > MAX_ENTITIES) throw new AppError("invalid_request", `id: at most ${MAX_ENTITIES} entities per request (got ${ids.length})`);
  return ids;
}

/** The view's records for `ids`: online first, the misses from the offline store (and written back). */
async function readView(db: Db, store: OnlineStore, projectId: string, view: FeatureView, ids: string[], now: number) {
  let online: (OnlineRecord | null)[];
  let storeAnswered = true;
  let nearHits = 0;
  try {
    online = await store.read(projectId, view.name, ids, { onNearHits: (n) => (nearHits = n) });
  } catch {
    // The online store is down: serve from the offline values rather than fail.
    online = ids.map(() => null);
    storeAnswered = false;
  }
  const missed = ids.filter((_, k) => !online[k]);
  if (missed.length) {
    const offline = await latestFeatureValues(db, projectId, view.name, missed);
    const back = [...offline.values()].filter((r) => now - r.eventTime.getTime() < view.ttlHours * HOUR_MS);
    const records = new Map([...offline.values()].map((r) => [r.entityKey, { values: r.values, eventTime: r.eventTime.getTime(), materializedAt: now }]));
    ids.forEach((id, k) => (online[k] ??= records.get(id) ?? null));
    if (back.length && storeAnswered) {
      await store
        .write(projectId, view.name, back.map((r) => ({ entityKey: r.entityKey, ...records.get(r.entityKey)! })), view.ttlHours * HOUR_MS)
        .catch(() => {});
    }
  }
  return { records: online, hits: ids.length - missed.length, nearHits, misses: missed.length };
}

export async function getOnlineFeatures(db: Db, store: OnlineStore, projectId: string, query: FeaturesQuery, o: { now?: number; stats?: ServingStats } = {}) {
  const started = performance.now();
  const now = o.now ?? Date.now();
  const ids = entityIds(query.id);
  const refs = resolveFeatureRefs(query.entity, query.features);
  const perView = await Promise.all(refs.map((r) => readView(db, store, projectId, r.view, ids, now)));
  // Per view once, not per entity: the response keys of its features and its TTL. Entities materialized together
  // share an event time, so its ISO string is formatted once per distinct time.
  const shapes = refs.map(({ view, names }) => ({ name: view.name, names, keys: names.map((n) => `${view.name}:${n}`), ttlMs: view.ttlHours * HOUR_MS }));
  const iso = new Map<number, string>();
  const isoOf = (t: number) => iso.get(t) ?? iso.set(t, new Date(t).toISOString()).get(t)!;
  const entities: EntityFeatures[] = ids.map((id, k) => {
    const e: EntityFeatures = { id, values: {}, status: {}, eventTime: {} };
    for (let v = 0; v < shapes.length; v++) {
      const { name, names, keys, ttlMs } = shapes[v];
      const record = perView[v].records[k];
      const status: FeatureStatus = !record ? "not_found" : now - record.eventTime >= ttlMs ? "outside_max_age" : "present";
      e.status[name] = status;
      e.eventTime[name] = record ? isoOf(record.eventTime) : null;
      for (let n = 0; n < keys.length; n++) e.values[keys[n]] = status === "present" ? (record!.values[names[n]] ?? null) : null;
    }
    return e;
  });
  const ms = performance.now() - started;
  refs.forEach(({ view }, v) => o.stats?.record(projectId, view.name, { hits: perView[v].hits, nearHits: perView[v].nearHits, misses: perView[v].misses, ms }));
  return { entity: query.entity, features: shapes.flatMap((s) => s.keys), entities };
}
export type OnlineFeatures = Awaited<ReturnType<typeof getOnlineFeatures>>;
