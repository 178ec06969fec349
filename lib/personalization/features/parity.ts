// Online/offline parity (the daily check): every entity's latest offline value that is still within the view's TTL
// should be online with the same event time and values. Counts what is missing, stale (older online) or different,
// and records the diff rate and the freshness of both sides per view.
import type { Db } from "@/db/client";
import { FEATURE_VIEWS, type FeatureView } from "./registry";
import type { OnlineStore } from "./online-store";
import { insertParityResults, latestFeaturePage, pruneParity, type ParityResult } from "../store/features";

const PAGE = 1000;
const HOUR_MS = 3_600_000;
/** Entities checked per view and run (the first by key); enough for a rate, bounded for large projects. */
export const PARITY_MAX_ENTITIES = 20_000;
const KEEP_DAYS = 30;

/** JSON with sorted keys, so values compare whatever order each store kept them in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

async function checkView(db: Db, store: OnlineStore, projectId: string, view: FeatureView, now: Date, cap: number): Promise<ParityResult> {
  const ttlMs = view.ttlHours * HOUR_MS;
  const r = { checked: 0, missing: 0, stale: 0, mismatched: 0, offline: null as number | null, oldestOnline: null as number | null };
  for (let after: string | null = null, scanned = 0; scanned < cap; ) {
    const limit = Math.min(PAGE, cap - scanned);
    const page = await latestFeaturePage(db, projectId, view.name, after, limit);
    scanned += page.length;
    if (!page.length) break;
    after = page[page.length - 1].entityKey;
    const expected = page.filter((row) => now.getTime() - row.eventTime.getTime() < ttlMs);
    const online = await store.read(projectId, view.name, expected.map((row) => row.entityKey), { skipNearCache: true });
    expected.forEach((row, k) => {
      const t = row.eventTime.getTime();
      r.offline = Math.max(r.offline ?? t, t);
      const o = online[k];
      if (!o) r.missing++;
      else {
        r.oldestOnline = Math.min(r.oldestOnline ?? o.eventTime, o.eventTime);
        if (o.eventTime < t) r.stale++;
        else if (o.eventTime !== t || canonical(o.values) !== canonical(row.values)) r.mismatched++;
      }
    });
    r.checked += expected.length;
    if (page.length < limit) break;
  }
  return {
    projectId,
    view: view.name,
    checkedAt: now,
    checked: r.checked,
    missing: r.missing,
    stale: r.stale,
    mismatched: r.mismatched,
    diffRate: r.checked ? (r.missing + r.stale + r.mismatched) / r.checked : null,
    offlineEventTime: r.offline === null ? null : new Date(r.offline),
    oldestOnlineEventTime: r.oldestOnline === null ? null : new Date(r.oldestOnline),
  };
}

export async function checkFeatureParity(db: Db, store: OnlineStore, projectId: string, now: Date, cap = PARITY_MAX_ENTITIES): Promise<ParityResult[]> {
  const results: ParityResult[] = [];
  for (const view of FEATURE_VIEWS) results.push(await checkView(db, store, projectId, view, now, cap));
  await insertParityResults(db, results);
  await pruneParity(db, projectId, new Date(now.getTime() - KEEP_DAYS * 24 * HOUR_MS));
  return results;
}
