// From stored interactions to what the models learn from: users and items indexed, weights per interaction type,
// rare items left out, and the time-based holdout (each user's last interactions) the evaluation scores against.
import { interactionWeight, type InteractionType } from "./feedback";
import { buildMatrix, type InteractionMatrix } from "./matrix";

export interface InteractionRecord {
  userId: string;
  itemId: string;
  type: InteractionType;
  value?: number | null;
  /** Epoch milliseconds. */
  at: number;
}

/** Interactions as parallel arrays over indexed users and items. */
export interface IndexedInteractions {
  userIds: string[];
  itemIds: string[];
  user: Int32Array;
  item: Int32Array;
  weight: Float64Array;
  at: Float64Array;
}

export interface IndexOptions {
  /** Items with fewer positive interactions are left out (too rare to learn a factor for). */
  minItemPositives: number;
}

/** Indexes users and items (in order of first appearance); users left with no positive interaction are dropped. */
export function indexInteractions(records: readonly InteractionRecord[], options: IndexOptions = { minItemPositives: 2 }): IndexedInteractions {
  const positives = new Map<string, number>();
  const weights = records.map((r) => interactionWeight(r.type, r.value));
  records.forEach((r, k) => {
    if (weights[k] > 0) positives.set(r.itemId, (positives.get(r.itemId) ?? 0) + 1);
  });
  const keepItem = (id: string) => (positives.get(id) ?? 0) >= options.minItemPositives;
  const activeUsers = new Set<string>();
  records.forEach((r, k) => {
    if (weights[k] > 0 && keepItem(r.itemId)) activeUsers.add(r.userId);
  });
  const userIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const kept = records.map((r, k) => k).filter((k) => keepItem(records[k].itemId) && activeUsers.has(records[k].userId));
  const out: IndexedInteractions = {
    userIds: [],
    itemIds: [],
    user: new Int32Array(kept.length),
    item: new Int32Array(kept.length),
    weight: new Float64Array(kept.length),
    at: new Float64Array(kept.length),
  };
  kept.forEach((k, j) => {
    const r = records[k];
    let u = userIndex.get(r.userId);
    if (u === undefined) userIndex.set(r.userId, (u = out.userIds.push(r.userId) - 1));
    let i = itemIndex.get(r.itemId);
    if (i === undefined) itemIndex.set(r.itemId, (i = out.itemIds.push(r.itemId) - 1));
    out.user[j] = u;
    out.item[j] = i;
    out.weight[j] = weights[k];
    out.at[j] = r.at;
  });
  return out;
}

/** The matrix of the interactions `include` keeps (all by default). */
export function matrixOf(data: IndexedInteractions, alpha: number, include?: Uint8Array): InteractionMatrix {
  const picked = include ? [...include.keys()].filter((k) => include[k]) : null;
  const rows = picked ? Int32Array.from(picked, (k) => data.user[k]) : data.user;
  const cols = picked ? Int32Array.from(picked, (k) => data.item[k]) : data.item;
  const weights = picked ? Float64Array.from(picked, (k) => data.weight[k]) : data.weight;
  return buildMatrix({ rows: data.userIds.length, cols: data.itemIds.length }, { rows, cols, weights }, alpha);
}

export interface Holdout {
  /** 1 for interactions in the training part. */
  train: Uint8Array;
  /** Per evaluated user: the items they reacted to positively after the cut and had not touched before it. */
  relevant: Map<number, Set<number>>;
  /** Per user: every item touched in the training part (excluded from their recommendations, as when serving). */
  seen: Map<number, Set<number>>;
}

/**
 * Holds out each user's last `fraction` of interactions (at least one) when the user has `minPositives` distinct
 * positively rated items; other users train on everything. Ties in time keep their stored order.
 */
export function timeHoldout(data: IndexedInteractions, fraction = 0.2, minPositives = 3): Holdout {
  const n = data.user.length;
  const byUser = new Map<number, number[]>();
  for (let k = 0; k < n; k++) {
    const list = byUser.get(data.user[k]);
    if (list) list.push(k);
    else byUser.set(data.user[k], [k]);
  }
  const train = new Uint8Array(n).fill(1);
  const relevant = new Map<number, Set<number>>();
  const seen = new Map<number, Set<number>>();
  for (const [u, list] of byUser) {
    list.sort((a, b) => data.at[a] - data.at[b] || a - b);
    const positives = new Set(list.filter((k) => data.weight[k] > 0).map((k) => data.item[k]));
    const hold = positives.size >= minPositives ? Math.max(1, Math.floor(list.length * fraction)) : 0;
    const cut = list.length - hold;
    const before = new Set(list.slice(0, cut).map((k) => data.item[k]));
    seen.set(u, before);
    if (!hold) continue;
    const after = new Set<number>();
    for (const k of list.slice(cut)) {
      train[k] = 0;
      if (data.weight[k] > 0 && !before.has(data.item[k])) after.add(data.item[k]);
    }
    if (after.size) relevant.set(u, after);
  }
  return { train, relevant, seen };
}

/** Positive interactions per item among the included ones: the popularity baseline and the cold-start list. */
export function itemPopularity(data: IndexedInteractions, include?: Uint8Array): Float64Array {
  const counts = new Float64Array(data.itemIds.length);
  for (let k = 0; k < data.item.length; k++) if ((!include || include[k]) && data.weight[k] > 0) counts[data.item[k]]++;
  return counts;
}
