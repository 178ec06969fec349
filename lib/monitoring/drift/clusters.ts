/**
 * Drifted clusters: where in embedding space the current window differs from the reference.
 *
 * A scan statistic over a hierarchical clustering of both windows' prompts (the spatial scan statistic of Kulldorff
 * 1997, with candidate regions from a clustering instead of circles, and its Monte Carlo significance):
 * 1. The pooled embeddings of both windows (window labels ignored) are cut into leaves by spherical k-means
 *    (k-means++ seeding from a seeded PRNG, Lloyd iterations; cosine geometry, since the embeddings are
 *    L2-normalised), about one leaf per `pointsPerLeaf` prompts.
 * 2. The leaves are joined by group-average agglomerative clustering (UPGMA: the mean cosine similarity between the
 *    prompts of two groups, exact from their sum vectors) into a tree; every node of the tree is a candidate region.
 * 3. Each node scores its over-representation in the current window by the one-sided two-proportion z statistic.
 * 4. Significance by permutation (the max-T method of Westfall and Young 1993): the window labels are shuffled
 *    `permutations` times over the same tree, and a node's p-value is the share of shuffles whose largest z over all
 *    nodes reaches the node's z. This controls the family-wise error over every region of the tree, and is exact
 *    because the tree was built without the labels.
 * 5. Nodes whose share grew by at least `minShareGain` with a p-value below `alpha` are reported, greatest z first,
 *    skipping any node that contains or lies inside one already reported (Kulldorff's secondary clusters).
 *
 * A new topic that a flat clustering splits over several clusters, or mixes with old prompts sharing its system
 * prompt, is still found: the tree holds the union of its leaves as one node. The demo's German billing prompts
 * were missed at 9 of 144 seeding times of a day by the earlier method (k-means on the current window only, each
 * cluster tested on its own): scripts/scan-demo-drift.ts, tests/demo-drift-anchors.test.ts.
 *
 * Each drifted region carries up to `examples` texts of the current window nearest its current prompts' mean (the
 * caller passes masked text, never raw) and the words that set it apart from the reference.
 */
import jStat from "jstat";
import { tokenize } from "./embedding";
import { rng } from "../../primitives/random";

export interface ClusterOptions {
  /**
   * Pooled prompts per leaf of the tree (default 10, at most `maxLeaves` leaves): leaves small enough that a new
   * topic gets leaves of its own rather than sharing them with old prompts.
   */
  pointsPerLeaf?: number;
  /** Most leaves (default 64). */
  maxLeaves?: number;
  iterations?: number;
  seed?: number;
  /** Label shuffles of the permutation test (default 999: p-values down to 0.001). */
  permutations?: number;
  /** Minimum share gain (current share − reference share) for a drifted cluster. */
  minShareGain?: number;
  /** Family-wise significance over all the tree's regions (permutation max-T). */
  alpha?: number;
  examples?: number;
}

export interface DriftedCluster {
  /** Node of the tree (stable for the same input and seed). */
  cluster: number;
  currentShare: number;
  referenceShare: number;
  currentCount: number;
  referenceCount: number;
  /** Permutation p-value of the region, adjusted over every region of the tree (max-T). */
  pValue: number;
  /** Words most over-represented in the cluster's texts relative to the reference window. */
  terms: string[];
  /** Up to `examples` texts of the current window closest to the mean of the region's current prompts. */
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

/** One-sided two-proportion z statistic of x1/n1 over x2/n2 (0 when it is not over-represented). */
function overRepresentation(x1: number, n1: number, x2: number, n2: number): number {
  const gain = x1 / n1 - x2 / n2;
  if (!(gain > 0)) return 0;
  const p = (x1 + x2) / (n1 + n2);
  return gain / Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
}

interface Tree {
  /** Leaf of every pooled point. */
  leafOf: Int32Array;
  /** Per node (leaves first, then merges in order): its children (empty for a leaf) and its leaves. */
  children: number[][];
  leaves: number[][];
}

/** Pooled points the leaves are fitted on (a seeded sample beyond this; every point then joins its nearest leaf). */
const LEAF_SAMPLE = 1_000;

/**
 * Leaves by k-means on the pooled points (fitted on a seeded sample of at most LEAF_SAMPLE of them, then each point
 * goes to its nearest leaf), joined by group-average linkage (UPGMA) on cosine similarity.
 */
function regionTree(pooled: readonly ArrayLike<number>[], leafCount: number, opts: { iterations?: number; seed: number }): Tree {
  let fitOn = pooled;
  if (pooled.length > LEAF_SAMPLE) {
    const rand = rng(opts.seed + 2), order = pooled.map((_, i) => i);
    for (let i = 0; i < LEAF_SAMPLE; i++) {
      const j = i + Math.floor(rand() * (order.length - i));
      [order[i], order[j]] = [order[j], order[i]];
    }
    fitOn = order.slice(0, LEAF_SAMPLE).sort((a, b) => a - b).map((i) => pooled[i]);
  }
  const { centroids } = kmeans(fitOn, leafCount, opts);
  const assignment = pooled.map((v) => nearest(v, centroids).index);
  const dim = pooled[0].length;
  // Non-empty leaves, renumbered; a group is its sum vector and size (mean similarity = dot(sumA, sumB) / (|A| |B|)).
  const used = [...new Set(assignment)].sort((a, b) => a - b);
  const index = new Map(used.map((c, i) => [c, i]));
  const leafOf = Int32Array.from(assignment, (c) => index.get(c)!);
  const sums: Float64Array[] = used.map(() => new Float64Array(dim));
  const sizes: number[] = used.map(() => 0);
  pooled.forEach((v, i) => {
    const s = sums[leafOf[i]];
    for (let d = 0; d < dim; d++) s[d] += v[d];
    sizes[leafOf[i]]++;
  });
  const children: number[][] = used.map(() => []);
  const leaves: number[][] = used.map((_, i) => [i]);
  const active = used.map((_, i) => i);
  while (active.length > 1) {
    let best = -Infinity, bi = 0, bj = 1;
    for (let i = 0; i < active.length; i++)
      for (let j = i + 1; j < active.length; j++) {
        const a = active[i], b = active[j];
        const s = dot(sums[a], sums[b]) / (sizes[a] * sizes[b]);
        if (s > best) [best, bi, bj] = [s, i, j];
      }
    const a = active[bi], b = active[bj];
    const sum = Float64Array.from(sums[a], (x, d) => x + sums[b][d]);
    const node = sums.length;
    sums.push(sum);
    sizes.push(sizes[a] + sizes[b]);
    children.push([a, b]);
    leaves.push([...leaves[a], ...leaves[b]]);
    active.splice(bj, 1);
    active[bi] = node;
  }
  return { leafOf, children, leaves };
}

export function driftedClusters(
  reference: { vectors: readonly ArrayLike<number>[]; texts: readonly string[] },
  current: { vectors: readonly ArrayLike<number>[]; texts: readonly string[] },
  opts: ClusterOptions = {},
): DriftedCluster[] {
  const nc = current.vectors.length, nr = reference.vectors.length;
  if (nc < 10 || nr < 10) return [];
  const n = nc + nr;
  const seed = opts.seed ?? 1;
  // Pooled: the current window's points first, then the reference's.
  const pooled = [...current.vectors, ...reference.vectors];
  const leafCount = Math.max(2, Math.min(opts.maxLeaves ?? 64, Math.floor(n / (opts.pointsPerLeaf ?? 10))));
  const tree = regionTree(pooled, leafCount, { iterations: opts.iterations, seed });
  const nodes = tree.children.length;
  const leafN = tree.children.filter((c) => c.length === 0).length;
  const root = nodes - 1;
  const size = new Array<number>(nodes).fill(0);
  for (let i = 0; i < n; i++) size[tree.leafOf[i]]++;
  for (let v = leafN; v < nodes; v++) size[v] = size[tree.children[v][0]] + size[tree.children[v][1]];
  const leafOf = tree.leafOf, children = tree.children;
  /** Current-window count per node into `c` for a labelling (`isCurrent[i]` for pooled point i). */
  const countCurrent = (isCurrent: Uint8Array, c: Float64Array) => {
    c.fill(0);
    for (let i = 0; i < n; i++) c[leafOf[i]] += isCurrent[i];
    for (let v = leafN; v < nodes; v++) c[v] = c[children[v][0]] + c[children[v][1]];
    return c;
  };
  /** z of node v with x current prompts (the root, all prompts, is no region). */
  const zAt = (v: number, x: number) => (v === root ? 0 : overRepresentation(x, nc, size[v] - x, nr));
  const labels = new Uint8Array(n).fill(1, 0, nc);
  const observed = countCurrent(labels, new Float64Array(nodes));
  const z = Array.from(observed, (x, v) => zAt(v, x));
  // Max-T: the largest z over the tree under shuffled labels (Fisher–Yates from a seeded PRNG).
  const permutations = opts.permutations ?? 999;
  const rand = rng(seed + 1);
  const shuffled = Uint8Array.from(labels);
  const counts = new Float64Array(nodes);
  const maxNull = new Float64Array(permutations);
  for (let p = 0; p < permutations; p++) {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const x = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = x;
    }
    countCurrent(shuffled, counts);
    let max = 0;
    for (let v = 0; v < nodes; v++) max = Math.max(max, zAt(v, counts[v]));
    maxNull[p] = max;
  }
  const pValueOf = (zv: number) => {
    let reached = 0;
    for (const m of maxNull) if (m >= zv - 1e-12) reached++;
    return (1 + reached) / (1 + permutations);
  };
  const minGain = opts.minShareGain ?? 0.05;
  const alpha = opts.alpha ?? 0.01;
  const leafOfNode = tree.leaves.map((l) => new Set(l));
  const picked: number[] = [];
  const candidates = z
    .map((zv, v) => ({ v, zv }))
    .filter(({ v, zv }) => zv > 0 && observed[v] / nc - (size[v] - observed[v]) / nr >= minGain)
    .sort((a, b) => b.zv - a.zv || a.v - b.v);
  const out: DriftedCluster[] = [];
  for (const { v, zv } of candidates) {
    const pValue = pValueOf(zv);
    if (pValue >= alpha) break; // sorted by z: every later node has a p-value at least as large
    if (picked.some((u) => tree.leaves[v].some((l) => leafOfNode[u].has(l)))) continue; // nested in or containing a reported region
    picked.push(v);
    const members: number[] = [];
    for (let i = 0; i < nc; i++) if (leafOfNode[v].has(tree.leafOf[i])) members.push(i);
    const refMembers: number[] = [];
    for (let i = nc; i < n; i++) if (leafOfNode[v].has(tree.leafOf[i])) refMembers.push(i - nc);
    const mean = new Float64Array(pooled[0].length);
    for (const i of members) for (let d = 0; d < mean.length; d++) mean[d] += current.vectors[i][d];
    normalise(mean);
    const byCloseness = members
      .map((i) => ({ i, s: dot(current.vectors[i], mean) }))
      .sort((a, b) => b.s - a.s || a.i - b.i);
    const examples: string[] = [];
    for (const { i } of byCloseness) {
      const text = current.texts[i]?.trim();
      if (text && !examples.includes(text)) examples.push(text);
      if (examples.length >= (opts.examples ?? 3)) break;
    }
    out.push({
      cluster: v,
      currentShare: members.length / nc,
      referenceShare: refMembers.length / nr,
      currentCount: members.length,
      referenceCount: refMembers.length,
      pValue,
      terms: distinctiveTerms(members.map((i) => current.texts[i] ?? ""), [...reference.texts], 5),
      examples,
    });
  }
  return out.sort((a, b) => b.currentShare - b.referenceShare - (a.currentShare - a.referenceShare) || a.cluster - b.cluster);
}
