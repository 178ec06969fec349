// Conversation topics: spherical k-means (lib/monitoring's, seeded) over the embeddings of each conversation's first
// user message, with k chosen by the mean silhouette (Rousseeuw 1987, cosine distance) over K_RANGE, and each
// cluster named by class-based TF-IDF (c-TF-IDF, Grootendorst 2022: a term's frequency in the cluster weighed by
// how rare it is across all clusters).
import { kmeans } from "@/lib/monitoring/drift/clusters";
import { tokenize } from "@/lib/monitoring/drift/embedding";
import { rng } from "@/lib/primitives/random";

/**
 * Candidate numbers of topics; the one with the highest mean silhouette wins (ties go to the smaller k). Up to 10 was
 * too few: the demo's own conversations have 12–15 lexical topics, and with k capped at 10 its planted German
 * questions were merged into English topics at most hours of the day (tests/demo-topics-anchors.test.ts).
 */
export const K_RANGE = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] as const;
/** The search stops after this many larger k in a row without a better silhouette (the curve has peaked). */
export const K_PATIENCE = 3;
/** Silhouettes are computed on at most this many points (O(n²)): a seeded sample, the same for every k. */
export const SILHOUETTE_SAMPLE = 600;
/** Conversations k is chosen on (a seeded sample); the chosen k is then fitted to all of them. */
export const SEARCH_SAMPLE = 1_500;
/** k-means restarts per k (different seeds); the tightest clustering (highest total similarity) is kept. */
const RESTARTS = 3;
/** A topic needs at least this many conversations: k stops where the data could not fill k topics. */
export const MIN_PER_TOPIC = 5;

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export interface Clustering {
  k: number;
  /** Mean silhouette of the chosen k, null when only one topic was possible. */
  silhouette: number | null;
  assignment: number[];
  centroids: Float64Array[];
  /** Mean silhouette per candidate k (what the choice was made from). */
  scores: { k: number; silhouette: number }[];
}

function bestOf(vectors: readonly ArrayLike<number>[], k: number, seed: number) {
  let best: ReturnType<typeof kmeans> | null = null;
  let bestFit = -Infinity;
  for (let r = 0; r < RESTARTS; r++) {
    const run = kmeans(vectors, k, { seed: seed + r * 7919, iterations: 50 });
    let fit = 0;
    for (let i = 0; i < vectors.length; i++) fit += dot(vectors[i], run.centroids[run.assignment[i]]);
    if (fit > bestFit) [best, bestFit] = [run, fit];
  }
  return best!;
}

/** Cosine distances between the sampled points (vectors are unit length), computed once and shared by every k. */
function sampleDistances(vectors: readonly ArrayLike<number>[], sample: number[]): Float64Array {
  const m = sample.length;
  const d = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) d[a * m + b] = d[b * m + a] = 1 - dot(vectors[sample[a]], vectors[sample[b]]);
  }
  return d;
}

function silhouetteOf(d: Float64Array, labels: number[]): number {
  const m = labels.length;
  let total = 0;
  for (let a = 0; a < m; a++) {
    const sums = new Map<number, { d: number; n: number }>();
    for (let b = 0; b < m; b++) {
      if (b === a) continue;
      const s = sums.get(labels[b]) ?? { d: 0, n: 0 };
      s.d += d[a * m + b];
      s.n++;
      sums.set(labels[b], s);
    }
    const own = sums.get(labels[a]);
    if (!own || own.n === 0) continue; // a singleton's silhouette is 0 by convention
    const mean = own.d / own.n;
    let nearest = Infinity;
    for (const [c, s] of sums) if (c !== labels[a] && s.n > 0) nearest = Math.min(nearest, s.d / s.n);
    if (!Number.isFinite(nearest)) continue;
    total += (nearest - mean) / Math.max(mean, nearest, 1e-12);
  }
  return m ? total / m : 0;
}

/** Mean silhouette of the sampled points under an assignment, with cosine distance (vectors are unit length). */
export function meanSilhouette(vectors: readonly ArrayLike<number>[], assignment: ArrayLike<number>, sample: number[]): number {
  return silhouetteOf(sampleDistances(vectors, sample), sample.map((i) => assignment[i]));
}

/** Clusters unit-length vectors into topics; deterministic for a seed. */
export function clusterTopics(vectors: readonly ArrayLike<number>[], seed = 1): Clustering {
  const n = vectors.length;
  const maxK = Math.floor(n / MIN_PER_TOPIC);
  const candidates = K_RANGE.filter((k) => k <= maxK);
  if (n === 0) return { k: 0, silhouette: null, assignment: [], centroids: [], scores: [] };
  if (candidates.length === 0) {
    const one = kmeans(vectors, 1, { seed });
    return { k: 1, silhouette: null, assignment: Array.from(one.assignment), centroids: one.centroids, scores: [] };
  }
  const rand = rng(seed);
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  // k is chosen on a seeded sample (the silhouette on its first SILHOUETTE_SAMPLE points), then all points are
  // clustered once with it: at 5,000 conversations this cut the run from 38 s to about a quarter.
  const searchSample = indices.slice(0, Math.min(n, SEARCH_SAMPLE));
  const searchVectors = searchSample.map((i) => vectors[i]);
  const silhouetteSample = Array.from({ length: Math.min(searchSample.length, SILHOUETTE_SAMPLE) }, (_, i) => i);
  const distances = sampleDistances(searchVectors, silhouetteSample);
  let best: { k: number; run: ReturnType<typeof kmeans>; silhouette: number } | null = null;
  const scores: Clustering["scores"] = [];
  for (const k of candidates) {
    if (best && k - best.k > K_PATIENCE) break;
    const run = bestOf(searchVectors, k, seed);
    const silhouette = silhouetteOf(distances, silhouetteSample.map((i) => run.assignment[i]));
    scores.push({ k, silhouette });
    if (!best || silhouette > best.silhouette + 1e-9) best = { k, run, silhouette };
  }
  const final = searchSample.length === n ? best!.run : bestOf(vectors, best!.k, seed);
  // With the whole set searched, assignment indices are the shuffled sample's: map them back.
  const assignment = new Array<number>(n);
  if (searchSample.length === n) searchSample.forEach((i, j) => (assignment[i] = final.assignment[j]));
  else for (let i = 0; i < n; i++) assignment[i] = final.assignment[i];
  return { k: best!.k, silhouette: best!.silhouette, assignment, centroids: final.centroids, scores };
}

/**
 * Function words that say nothing about a topic, English and German (the demo's drifted questions are German: without
 * them its new topic was named "die · und · ich"); other languages' function words can still name a topic.
 */
const STOP_WORDS = new Set(
  ("the and for you your are was were with this that have has had not but can could would should will what when where " +
    "which who how why does did from into about there their them they then than our out any all some just get got like " +
    "want need help please thanks thank hello hi hey its it's i'm ive i've one also more most very much make may might " +
    "been being here other each only own same too off over under again once let know use using yes no " +
    "der die das den dem des und oder ich du sie wir ihr mein meine meinen meiner dein ein eine einen einem ist sind " +
    "war kann können nicht mit von zu zum zur für auf an als auch aber wie was wo warum wann bei nach aus über noch")
    .split(/\s+/),
);

/** The words of a text that can name a topic: no mask placeholders ([EMAIL], [CUSTOM:x]), numbers, short or stop words. */
export function topicWords(text: string): string[] {
  return tokenize(text.replace(/\[[A-Z]+(?::[^\]]*)?\]/g, " ")).filter((w) => w.length > 2 && !/^\d+$/.test(w) && !STOP_WORDS.has(w));
}

/**
 * c-TF-IDF per cluster: W(t, c) = tf(t, c) / |c| × log(1 + A / f(t)), where |c| is the cluster's word count, f(t)
 * the term's count over all clusters and A the mean word count per cluster. Returns the top `count` terms per cluster.
 */
export function distinctiveTerms(texts: readonly string[], assignment: readonly number[], k: number, count = 5): string[][] {
  const perCluster = Array.from({ length: k }, () => new Map<string, number>());
  const total = new Map<string, number>();
  const words = new Array<number>(k).fill(0);
  texts.forEach((text, i) => {
    const c = assignment[i];
    for (const w of topicWords(text)) {
      perCluster[c].set(w, (perCluster[c].get(w) ?? 0) + 1);
      total.set(w, (total.get(w) ?? 0) + 1);
      words[c]++;
    }
  });
  const avg = words.reduce((a, b) => a + b, 0) / Math.max(1, k);
  return perCluster.map((tf, c) =>
    [...tf]
      .map(([w, f]) => ({ w, score: (f / Math.max(1, words[c])) * Math.log(1 + avg / total.get(w)!) }))
      .sort((a, b) => b.score - a.score || a.w.localeCompare(b.w))
      .slice(0, count)
      .map((x) => x.w),
  );
}
