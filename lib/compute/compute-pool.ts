// The process-wide compute pool behind detect, forecast, drift, stats/analyze and analyze/emotions: one lazily
// started pool of max(1, cores - 1) threads, and where its worker code lives in each way Prism runs.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { ComputeInput, ComputeOutput, ComputeTaskName } from "./tasks";
import { WorkerPool, type WorkerEntry } from "./worker-pool";

/** Output of scripts/build-compute-worker.mjs, run after `next build`. */
export const COMPUTE_WORKER_BUNDLE = path.join(".next", "prism-compute-worker.mjs");
const QUEUE_PER_WORKER = 8;

/**
 * `next start` runs the pre-built bundle (Next does not ship a separate worker file); tests, `tsx` scripts and
 * `next dev` run the TypeScript entry through tsx (a dev dependency). Paths are absolute from the project root.
 */
export function computeWorkerEntry(root = process.cwd(), env: NodeJS.ProcessEnv = process.env): WorkerEntry {
  if (env.NODE_ENV === "production") return { filename: path.join(root, COMPUTE_WORKER_BUNDLE) };
  return { filename: path.join(root, "lib", "compute", "worker-entry.ts"), typescript: true };
}

export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

let pool: WorkerPool | undefined;

function computePool(): WorkerPool {
  if (!pool) {
    const entry = computeWorkerEntry();
    if (!existsSync(entry.filename)) {
      throw new Error(`compute worker ${entry.filename} is missing: build with \`npm run build\` (or node scripts/build-compute-worker.mjs)`);
    }
    const size = defaultPoolSize();
    pool = new WorkerPool({ entry, size, maxQueue: size * QUEUE_PER_WORKER });
  }
  return pool;
}

/** The pool's counters (zeros before its first task), e.g. to show that analyses ran in worker threads. */
export function computePoolStats(): WorkerPool["stats"] {
  return pool?.stats ?? { running: 0, queued: 0, completed: 0, crashed: 0 };
}

/** Runs a pure analysis off the main thread; same value (or the same thrown AppError/ZodError) as calling it here. */
export async function runCompute<T extends ComputeTaskName>(task: T, input: ComputeInput<T>): Promise<ComputeOutput<T>> {
  return (await computePool().run(task, input)) as ComputeOutput<T>;
}
