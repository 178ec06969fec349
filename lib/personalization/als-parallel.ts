// Implicit ALS with each half-step's rows solved by several threads at once: the calling thread and the compute
// pool's workers (lib/compute/compute-pool.ts) share the matrix and the factors through SharedArrayBuffers and claim
// blocks of rows from one atomic counter (`solveSharedRows` in ./als.ts). Within a half-step the rows are
// independent, so the model is bit-for-bit the one `trainAls` computes on one thread, only sooner on several cores.
import { defaultPoolSize, runCompute } from "@/lib/compute/compute-pool";
import { alsLoss, DEFAULT_ALS_PARAMS, gramian, solveSharedRows, startingFactors, trainAls, type AlsModel, type AlsParams, type AlsTrainOptions, type SharedHalfStep } from "./als";
import { transpose, type InteractionMatrix } from "./matrix";
import { claimCounter, shared, shareStep } from "./shared-work";

/** Below this many cells a half-step takes milliseconds: handing it to workers would cost more than it saves. */
export const PARALLEL_MIN_CELLS = 100_000;
/** Blocks per thread and half-step: enough for a slowed-down thread to leave its share to the others. */
const BLOCKS_PER_THREAD = 64;

export interface ParallelAlsOptions extends AlsTrainOptions {
  /** Workers asked to help with each half-step (default: the compute pool's size, cores − 1). */
  workers?: number;
  /** Whether the calling thread solves rows too (default true: on 2 cores the pool has one worker). */
  solveOnCallingThread?: boolean;
  /** Runs one helper on a worker (default: the process-wide compute pool). */
  run?: (step: SharedHalfStep) => Promise<unknown>;
  /** Fewer cells than this train on the calling thread alone (default PARALLEL_MIN_CELLS). */
  minCells?: number;
}

function sharedMatrix(m: InteractionMatrix): InteractionMatrix {
  return { rows: m.rows, cols: m.cols, indptr: shared(m.indptr), indices: shared(m.indices), confidence: shared(m.confidence) };
}

/** Same model as `trainAls(m, params, options)`, with the rows of each half-step spread over the worker threads. */
export async function trainAlsParallel(m: InteractionMatrix, params: AlsParams = DEFAULT_ALS_PARAMS, options: ParallelAlsOptions = {}): Promise<AlsModel> {
  const workers = options.workers ?? defaultPoolSize();
  if (m.indices.length < (options.minCells ?? PARALLEL_MIN_CELLS) || workers < 1) return trainAls(m, params, options);
  const run = options.run ?? ((step: SharedHalfStep) => runCompute("alsSolveRows", step));
  const f = params.factors;
  const start = startingFactors(m, params, options.warmStart);
  const userFactors = shared(start.userFactors);
  const itemFactors = shared(start.itemFactors);
  const byUser = sharedMatrix(m);
  const byItem = sharedMatrix(transpose(m));
  const threads = workers + (options.solveOnCallingThread === false ? 0 : 1);

  const halfStep = async (matrix: InteractionMatrix, x: Float64Array, y: Float64Array) => {
    const step: SharedHalfStep = {
      matrix,
      x,
      y,
      g: shared(gramian(y, matrix.cols, f, params.regularization)),
      factors: f,
      cgSteps: params.cgSteps,
      chunk: Math.max(1, Math.ceil(matrix.rows / (threads * BLOCKS_PER_THREAD))),
      next: claimCounter(),
    };
    await shareStep(step, solveSharedRows, { workers, run, onCallingThread: options.solveOnCallingThread !== false });
  };

  const losses: number[] = [];
  for (let it = 0; it < params.iterations; it++) {
    await halfStep(byUser, userFactors, itemFactors);
    await halfStep(byItem, itemFactors, userFactors);
    if (options.trackLoss) losses.push(alsLoss(m, userFactors, itemFactors, f, params.regularization));
  }
  // Ordinary arrays for the caller: the artifact code and tests treat factors as plain Float64Arrays.
  return { factors: f, userFactors: userFactors.slice(), itemFactors: itemFactors.slice(), losses };
}
