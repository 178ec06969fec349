/**
 * Drifted clusters: where in embedding space the current window differs from the reference.
 *
 * The current window's embeddings are clustered with k-means (k-means++ seeding from a seeded PRNG, Lloyd
 * iterations; cosine geometry, since the embeddings are L2-normalised), every reference embedding is assigned to
 * its nearest centroid, and a cluster counts as drifted when its share of the current window exceeds its share of
 * the reference by at least `minShareGain` and a two-proportion z-test rejects equal shares at `alpha`. Each drifted
 * cluster carries up to `examples` texts of the current window nearest its centroid (the caller passes masked text,
 * never raw) and the words that set it apart from the reference.
 */
import jStat from "jstat";
import { tokenize } from "./embedding";
import { rng } from "../../primitives/random";

export interface ClusterOptions {
  /**
   * Clusters, default 16 (at most one per 20 current prompts, so a topic is not split into clusters too small to
   * test). Too few and a new topic shares a cluster with an old one whose share it replaced, so neither moves: with
   * 8, the demo's new German billing topic was found on about half the days; with 16 on every day we simulated.
   */
  k?: number;
  iterations?: number;
  seed?: number;
  /** Minimum share gain (current share − reference share) for a drifted cluster. */
  minShareGain?: number;
  /** Significance of the two-proportion z-test. */
  alpha?: number;
  examples?: number;
}

export interface DriftedCluster {
  /** Cluster index (stable for the same input and seed). */
  cluster: number;
  currentShare: number;
  referenceShare: number;
  currentCount: number;
  referenceCount: number;
  /** Two-sided p-value of the two-proportion z-test. */
  pValue: number;
  /** Words most over-represented in the cluster's texts relative to the reference window. */
  terms: string[];
  /** Up to `examples` texts of the current window closest to the centroid. */
  examples: string[];
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

function normalise(v: Float64Array): Float64Array {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

function nearest(x: ArrayLike<number>, centroids: Float64Array[]): { index: number; similarity: number } {
  let index = 0, similarity = -Infinity;
  for (let c = 0; c < centroids.length; c++) {
    const s = dot(x, centroids[c]);
    if (s > similarity) [index, similarity] = [c, s];
  }
  return { index, similarity };
}

/** Spherical k-means with k-means++ seeding; deterministic for a seed. Returns unit-length centroids. */
export function kmeans(vectors: readonly ArrayLike<number>[], k: number, opts: { iterations?: number; seed?: number } = {}) {
  const n = vectors.length;
  const dim = vectors[0]?.length ?? 0;
  const rand = rng(opts.seed ?? 1);
  k = Math.max(1, Math.min(k, n));
  const centroids: Float64Array[] = [Float64Array.from(vectors[Math.floor(rand() * n)])];
  const dist = new Float64Array(n).fill(Infinity);
  while (centroids.length < k) {
    const last = centroids[centroids.length - 1];
    let total = 0;
    for (let i = 0; i < n; i++) {
      dist[i] = Math.min(dist[i], Math.max(0, 1 - dot(vectors[i], last))); // cosine distance
      total += dist[i];
    }
    if (total === 0) break; // fewer distinct points than k
    let r = rand() * total, pick = n - 1;
    for (let i = 0; i < n; i++) if ((r -= dist[i]) <= 0) { pick = i; break; }
    centroids.push(Float64Array.from(vectors[pick]));
  }
  const assignment = new Int32Array(n).fill(-1);
  for (let it = 0; it < (opts.iterations ?? 25); it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const c = nearest(vectors[i], centroids).index;
      if (c !== assignment[i]) [assignment[i], moved] = [c, moved + 1];
    }
    if (moved === 0) break;
    const sums = centroids.map(() => new Float64Array(dim));
    for (let i = 0; i < n; i++) {
      const s = sums[assignment[i]];
      for (let d = 0; d < dim; d++) s[d] += vectors[i][d];
    }
    // An emptied cluster keeps its old centroid.
    sums.forEach((s, c) => {
      if (s.some((x) => x !== 0)) centroids[c] = normalise(s);
    });
  }
  return { centroids, assignment };
}

/** Two-sided p-value of the pooled two-proportion z-test. */
export function twoProportionPValue(x1: number, n1: number, x2: number, n2: number): number {
  const p = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return x1 / n1 === x2 / n2 ? 1 : 0;
  const z = Math.abs(x1 / n1 - x2 / n2) / se;
  return 2 * (1 - jStat.normal.cdf(z, 0, 1));
}

/** Mask placeholders such as [EMAIL] or [CUSTOM:order] are not words of the prompt. */
const words = (text: string) => tokenize(text.replace(/\[[A-Z]+(?::[^\]]*)?\]/g, " ")).filter((w) => w.length > 2 && !/^\d+$/.test(w));

/**
 * Words over-represented in the cluster: document-frequency gain over the reference of at least 20 points; ties
 * (common when a whole template is new) go to the word used more often in the cluster, then to the longer word.
 */
function distinctiveTerms(texts: string[], reference: string[], count: number): string[] {
  const df = (list: string[]) => {
    const m = new Map<string, number>();
    for (const t of list) for (const w of new Set(words(t))) m.set(w, (m.get(w) ?? 0) + 1);
    return m;
  };
  const tf = new Map<string, number>();
  for (const t of texts) for (const w of words(t)) tf.set(w, (tf.get(w) ?? 0) + 1);
  const inCluster = df(texts);
  const inRef = df(reference);
  return [...inCluster]
    .map(([w, c]) => ({ w, lift: c / texts.length - (inRef.get(w) ?? 0) / Math.max(1, reference.length) }))
    .filter((x) => x.lift > 0.2)
    .sort((a, b) => b.lift - a.lift || tf.get(b.w)! - tf.get(a.w)! || b.w.length - a.w.length || a.w.localeCompare(b.w))
    .slice(0, count)
    .map((x) => x.w);
}

export function driftedClusters(
  reference: { vectors: readonly ArrayLike<number>[]; texts: readonly string[] },
  current: { vectors: readonly ArrayLike<number>[]; texts: readonly string[] },
  opts: ClusterOptions = {},
): DriftedCluster[] {
  const nc = current.vectors.length, nr = reference.vectors.length;
  if (nc < 10 || nr < 10) return [];
  const k = Math.max(2, Math.min(opts.k ?? 16, Math.floor(nc / 20)));
  const { centroids, assignment } = kmeans(current.vectors, k, { iterations: opts.iterations, seed: opts.seed ?? 1 });
  const refCounts = new Array<number>(centroids.length).fill(0);
  for (const v of reference.vectors) refCounts[nearest(v, centroids).index]++;
  const minGain = opts.minShareGain ?? 0.05;
  const alpha = opts.alpha ?? 0.01;
  const out: DriftedCluster[] = [];
  centroids.forEach((centroid, c) => {
    const members: number[] = [];
    for (let i = 0; i < nc; i++) if (assignment[i] === c) members.push(i);
    const currentShare = members.length / nc, referenceShare = refCounts[c] / nr;
    const pValue = twoProportionPValue(members.length, nc, refCounts[c], nr);
    if (currentShare - referenceShare < minGain || pValue >= alpha) return;
    const byCloseness = members
      .map((i) => ({ i, s: dot(current.vectors[i], centroid) }))
      .sort((a, b) => b.s - a.s || a.i - b.i);
    const examples: string[] = [];
    for (const { i } of byCloseness) {
      const text = current.texts[i]?.trim();
      if (text && !examples.includes(text)) examples.push(text);
      if (examples.length >= (opts.examples ?? 3)) break;
    }
    out.push({
      cluster: c,
      currentShare,
      referenceShare,
      currentCount: members.length,
      referenceCount: refCounts[c],
      pValue,
      terms: distinctiveTerms(members.map((i) => current.texts[i] ?? ""), [...reference.texts], 5),
      examples,
    });
  });
  return out.sort((a, b) => b.currentShare - b.referenceShare - (a.currentShare - a.referenceShare) || a.cluster - b.cluster);
}
