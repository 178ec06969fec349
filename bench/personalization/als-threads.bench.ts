// ALS on one thread against ALS with each half-step's rows shared with the compute pool's workers
// (lib/personalization/als-parallel.ts), same matrix, same run, alternating rounds so a change in the machine's load
// hits both. Sizes from BENCH_RECS_USERS / _ITEMS / _PER_USER / _FACTORS (default 20k × 4k × 25, 64 factors);
// BENCH_ALS_ITERATIONS per timing (default 2), BENCH_ALS_ROUNDS (default 2). Also checks the two models are identical.
import { availableParallelism, loadavg } from "node:os";
import { defaultPoolSize } from "@/lib/compute/compute-pool";
import { trainAls } from "@/lib/personalization/als";
import { trainAlsParallel } from "@/lib/personalization/als-parallel";
import { indexInteractions, matrixOf } from "@/lib/personalization/dataset";
import { BENCH_SIZES, generateBenchTastes } from "./bench-tastes";
import { DEFAULT_TRAINING_PARAMS } from "@/lib/personalization/train";

const FACTORS = BENCH_SIZES.factors;
const ITERATIONS = Number(process.env.BENCH_ALS_ITERATIONS ?? 2);
const ROUNDS = Number(process.env.BENCH_ALS_ROUNDS ?? 2);

export default async function alsThreadsBench() {
  let t0 = performance.now();
  const { interactions } = generateBenchTastes();
  const data = indexInteractions(interactions);
  const matrix = matrixOf(data, DEFAULT_TRAINING_PARAMS.alpha);
  const prepareMs = performance.now() - t0;
  const params = { ...DEFAULT_TRAINING_PARAMS, factors: FACTORS, iterations: ITERATIONS };
  const load = [loadavg()[0]];
  // Starts the pool's worker (tsx loads the worker's modules once) outside the timings.
  t0 = performance.now();
  await trainAlsParallel(matrix, { ...params, iterations: 1, factors: 4 }, { minCells: 0 });
  const warmUpMs = performance.now() - t0;
  const singleMs: number[] = [];
  const pooledMs: number[] = [];
  // CPU time of the whole process (every thread): equal for both when the threads only split the work; wall time
  // drops only when a second core is free for this process (Linux autogroup gives each session one share, so on a
  // busy machine two threads get no more CPU than one).
  const singleCpuMs: number[] = [];
  const pooledCpuMs: number[] = [];
  const cpuMs = (from: NodeJS.CpuUsage) => process.cpuUsage(from).user / 1000;
  let identical = true;
  for (let round = 0; round < ROUNDS; round++) {
    let cpu = process.cpuUsage();
    t0 = performance.now();
    const single = trainAls(matrix, params);
    singleMs.push(performance.now() - t0);
    singleCpuMs.push(cpuMs(cpu));
    cpu = process.cpuUsage();
    t0 = performance.now();
    const pooled = await trainAlsParallel(matrix, params);
    pooledMs.push(performance.now() - t0);
    pooledCpuMs.push(cpuMs(cpu));
    load.push(loadavg()[0]);
    identical &&= single.userFactors.every((v, k) => v === pooled.userFactors[k]) && single.itemFactors.every((v, k) => v === pooled.itemFactors[k]);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const r = (x: number) => Math.round(x);
  return {
    users: matrix.rows,
    items: matrix.cols,
    interactions: interactions.length,
    cells: matrix.indices.length,
    factors: FACTORS,
    iterationsPerTiming: ITERATIONS,
    cores: availableParallelism(),
    threads: defaultPoolSize() + 1,
    prepareMs: r(prepareMs),
    warmUpMs: r(warmUpMs),
    singleMs: singleMs.map(r),
    pooledMs: pooledMs.map(r),
    singleMsPerIteration: r(sum(singleMs) / (ROUNDS * ITERATIONS)),
    pooledMsPerIteration: r(sum(pooledMs) / (ROUNDS * ITERATIONS)),
    speedUp: Number((sum(singleMs) / sum(pooledMs)).toFixed(2)),
    singleCpuMs: singleCpuMs.map(r),
    pooledCpuMs: pooledCpuMs.map(r),
    /** CPU time over wall time: about 1 for one thread on a free core, up to 2 for two. */
    singleCoresUsed: Number((sum(singleCpuMs) / sum(singleMs)).toFixed(2)),
    pooledCoresUsed: Number((sum(pooledCpuMs) / sum(pooledMs)).toFixed(2)),
    identical,
    loadAverage1m: load.map((x) => Number(x.toFixed(2))),
  };
}
