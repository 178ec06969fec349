// The blocks of stratified SGD for BPR (DSGD: Gemulla, Nijkamp, Haas & Sismanis, "Large-scale matrix factorization
// with distributed stochastic gradient descent", KDD 2011). Users and items are each split into P blocks; an epoch is
// P sub-epochs (strata), and in stratum s the P block pairs (b, (b + s) mod P) touch disjoint users and disjoint
// items, so threads can train them at once without races. Each pair samples with its own RNG seeded from
// (seed, epoch, s, b) and draws its negatives from its own item block, so the model depends on P and the seed, never
// on the number of threads or which thread took which pair. Pure: the compute worker runs `trainSharedBlockPairs`.
import { rng } from "@/lib/primitives/random";
import { bprStep, isPositive, type BprPositives } from "./bpr";

/** How the cells and items are split for one epoch. User u is in block u mod P; items are reshuffled every epoch. */
export interface BprEpochLayout {
  blocks: number;
  /** A permutation of the items: block b is blockItems[blockStart[b] .. blockStart[b + 1] − 1]. */
  blockItems: Int32Array;
  blockStart: Int32Array;
  /** Indices of positive cells grouped by pair (user block · P + item block): pair p is pairCells[pairStart[p] ..]. */
  pairCells: Int32Array;
  pairStart: Int32Array;
}

/** One stratum of one epoch, shared between threads (typed arrays in SharedArrayBuffers when workers help). */
export interface BprStratum {
  userFactors: Float64Array;
  itemFactors: Float64Array;
  /** Stored dimension (factors + 1, the bias column). */
  dimension: number;
  learningRate: number;
  regularization: number;
  positives: BprPositives;
  layout: BprEpochLayout;
  seed: number;
  epoch: number;
  stratum: number;
  /** Claim counter: the next block pair (by user block) to train. */
  next: Int32Array;
  /** [triples ranked right, triples sampled], added to atomically by each pair (integers, so in any order). */
  counts: Int32Array;
}

/** A 32-bit hash of the seed and the given numbers (murmur3's finaliser after each), for per-pair RNG seeds. */
export function mixSeed(seed: number, ...parts: number[]): number {
  let h = seed >>> 0;
  for (const part of parts) {
    h = (h + Math.imul(part + 1, 0x9e3779b9)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/** The item block of each block pair of stratum s, by user block: (b + s) mod P. */
export const itemBlockOf = (userBlock: number, stratum: number, blocks: number) => (userBlock + stratum) % blocks;

/** Allocates a layout's arrays (`alloc` may place them in shared memory); `layoutEpoch` fills them. */
export function emptyLayout(blocks: number, items: number, cells: number, alloc: (n: number) => Int32Array = (n) => new Int32Array(n)): BprEpochLayout {
  return { blocks, blockItems: alloc(items), blockStart: alloc(blocks + 1), pairCells: alloc(cells), pairStart: alloc(blocks * blocks + 1) };
}

/** Fills `out` for this epoch: a seeded shuffle of the items cut into P near-equal blocks, and the cells bucketed by pair. */
export function layoutEpoch(pos: BprPositives, seed: number, epoch: number, out: BprEpochLayout): BprEpochLayout {
  const { blocks: p, blockItems, blockStart, pairCells, pairStart } = out;
  const items = blockItems.length;
  const next = rng(mixSeed(seed, epoch, -1));
  for (let i = 0; i < items; i++) blockItems[i] = i;
  for (let i = items - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = blockItems[i];
    blockItems[i] = blockItems[j];
    blockItems[j] = t;
  }
  const itemBlock = new Int32Array(items);
  for (let b = 0; b < p; b++) {
    blockStart[b] = Math.floor((b * items) / p);
    blockStart[b + 1] = Math.floor(((b + 1) * items) / p);
    for (let k = blockStart[b]; k < blockStart[b + 1]; k++) itemBlock[blockItems[k]] = b;
  }
  // Counting sort of the cells by pair, keeping their order inside a pair.
  const n = pos.items.length;
  const pairOf = (c: number) => (pos.cellUser[c] % p) * p + itemBlock[pos.items[c]];
  pairStart.fill(0);
  for (let c = 0; c < n; c++) pairStart[pairOf(c) + 1]++;
  for (let q = 0; q < p * p; q++) pairStart[q + 1] += pairStart[q];
  const cursor = pairStart.slice(0, p * p);
  for (let c = 0; c < n; c++) pairCells[cursor[pairOf(c)]++] = c;
  return out;
}

/**
 * Trains block pair (b, (b + s) mod P) of the stratum: as many triples as the pair has cells, each a uniformly drawn
 * cell (u, i) and a negative j from the same item block that u did not like (10 tries, else the draw is skipped).
 */
export function trainBlockPair(step: BprStratum, userBlock: number) {
  const { userFactors, itemFactors, dimension: d, learningRate: lr, regularization: reg, positives: pos, layout } = step;
  const p = layout.blocks;
  const itemBlock = itemBlockOf(userBlock, step.stratum, p);
  const pair = userBlock * p + itemBlock;
  const from = layout.pairStart[pair];
  const cells = layout.pairStart[pair + 1] - from;
  const firstItem = layout.blockStart[itemBlock];
  const blockSize = layout.blockStart[itemBlock + 1] - firstItem;
  if (!cells || blockSize < 2) return;
  const next = rng(mixSeed(step.seed, step.epoch, step.stratum, userBlock));
  let right = 0;
  let sampled = 0;
  for (let t = 0; t < cells; t++) {
    const c = layout.pairCells[from + Math.floor(next() * cells)];
    const u = pos.cellUser[c];
    let j = -1;
    for (let k = 0; k < 10; k++) {
      const candidate = layout.blockItems[firstItem + Math.floor(next() * blockSize)];
      if (!isPositive(pos, u, candidate)) {
        j = candidate;
        break;
      }
    }
    if (j < 0) continue;
    sampled++;
    if (bprStep(userFactors, itemFactors, d, u, pos.items[c], j, lr, reg) > 0) right++;
  }
  Atomics.add(step.counts, 0, right);
  Atomics.add(step.counts, 1, sampled);
}

/** Claims block pairs of the stratum from `next` until none is left (run by every thread sharing the stratum). */
export function trainSharedBlockPairs(step: BprStratum): void {
  for (;;) {
    const userBlock = Atomics.add(step.next, 0, 1);
    if (userBlock >= step.layout.blocks) return;
    trainBlockPair(step, userBlock);
  }
}
