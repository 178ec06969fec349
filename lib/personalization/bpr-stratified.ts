// BPR trained by stratified SGD (DSGD, Gemulla et al. 2011; the blocks and the kernel are in ./bpr-strata.ts) on the
// calling thread and the compute pool's workers: each stratum's P block pairs touch disjoint users and items, so the
// threads share the factors through SharedArrayBuffers without races, and the model is bit-for-bit the same whatever
// the number of threads (P comes from the parameters, not from the thread count). Same objective, update and
// starting factors as the sequential trainer (./bpr.ts); the sampling order differs, so the models differ too.
import { defaultPoolSize, runCompute } from "@/lib/compute/compute-pool";
import { DEFAULT_BPR_PARAMS, epochLearningRate, initialBprFactors, positivesOf, type BprModel, type BprParams, type BprPositives } from "./bpr";
import { emptyLayout, layoutEpoch, trainSharedBlockPairs, type BprStratum } from "./bpr-strata";
import type { InteractionMatrix } from "./matrix";
import { claimCounter, shared, shareStep } from "./shared-work";

export interface StratifiedBprParams extends BprParams {
  /** P: user and item blocks (an epoch is P strata of P block pairs). Fixed by configuration, never by the thread count. */
  blocks: number;
}

// 8 blocks: 8 pairs per stratum keep 2-4 threads busy; the negatives come from an eighth of the catalog, reshuffled
// every epoch.
export const DEFAULT_BPR_BLOCKS = 8;
export const DEFAULT_STRATIFIED_BPR_PARAMS: StratifiedBprParams = { ...DEFAULT_BPR_PARAMS, blocks: DEFAULT_BPR_BLOCKS };

/** Below this many positive cells an epoch takes milliseconds: it stays on the calling thread. */
export const PARALLEL_MIN_POSITIVES = 100_000;

export interface StratifiedBprOptions {
  trackAuc?: boolean;
  /** Workers asked to help with each stratum (default: the compute pool's size, cores − 1; 0 = this thread alone). */
  workers?: number;
  /** Whether the calling thread trains block pairs too (default true). */
  trainOnCallingThread?: boolean;
  /** Runs one helper on a worker (default: the process-wide compute pool). */
  run?: (step: BprStratum) => Promise<unknown>;
  /** Fewer positive cells than this train on the calling thread alone (default PARALLEL_MIN_POSITIVES). */
  minPositives?: number;
}

function sharedPositives(pos: BprPositives): BprPositives {
  return { start: shared(pos.start), items: shared(pos.items), cellUser: shared(pos.cellUser) };
}

const sharedInt32 = (n: number) => new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4));

export async function trainBprStratified(m: InteractionMatrix, params: StratifiedBprParams = DEFAULT_STRATIFIED_BPR_PARAMS, options: StratifiedBprOptions = {}): Promise<BprModel> {
  if (!Number.isInteger(params.blocks) || params.blocks < 1) throw new RangeError(`BPR blocks must be a positive integer, got ${params.blocks}`);
  const start = initialBprFactors(m, params);
  const d = start.dimension;
  const local = positivesOf(m);
  const sampledAuc: number[] = [];
  if (!local.items.length || m.cols < 2) return { ...start, sampledAuc };
  const workers = local.items.length < (options.minPositives ?? PARALLEL_MIN_POSITIVES) ? 0 : (options.workers ?? defaultPoolSize());
  const threaded = workers > 0;
  // Shared memory only when workers help; the arithmetic is the same either way.
  const userFactors = threaded ? shared(start.userFactors) : start.userFactors;
  const itemFactors = threaded ? shared(start.itemFactors) : start.itemFactors;
  const positives = threaded ? sharedPositives(local) : local;
  const layout = emptyLayout(params.blocks, m.cols, local.items.length, threaded ? sharedInt32 : undefined);
  const run = options.run ?? ((step: BprStratum) => runCompute("bprTrainBlockPairs", step));
  const share = { workers, run, onCallingThread: options.trainOnCallingThread !== false };
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    layoutEpoch(positives, params.seed, epoch, layout);
    const counts = threaded ? sharedInt32(2) : new Int32Array(2);
    for (let stratum = 0; stratum < params.blocks; stratum++) {
      const step: BprStratum = {
        userFactors,
        itemFactors,
        dimension: d,
        learningRate: epochLearningRate(params, epoch),
        regularization: params.regularization,
        positives,
        layout,
        seed: params.seed,
        epoch,
        stratum,
        next: threaded ? claimCounter() : new Int32Array(1),
        counts,
      };
      if (threaded) await shareStep(step, trainSharedBlockPairs, share);
      else trainSharedBlockPairs(step);
    }
    if (options.trackAuc) sampledAuc.push(counts[1] ? counts[0] / counts[1] : 0);
  }
  // Ordinary arrays for the caller, as from the sequential trainer.
  return { dimension: d, userFactors: threaded ? userFactors.slice() : userFactors, itemFactors: threaded ? itemFactors.slice() : itemFactors, sampledAuc };
}
