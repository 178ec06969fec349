// The pure computations the compute pool runs off the main thread, by name: the worker entry dispatches to these,
// and the in-thread call of the same function is the reference its results must equal.
import { detectAnomalies } from "@/lib/monitoring/anomaly/detect";
import { computeDrift } from "@/lib/monitoring/drift/compute";
import { forecastSeries } from "@/lib/monitoring/forecast/forecast";
import { analyze } from "@/lib/experiments/stats/analyze";
import { analyzeEmotions } from "@/lib/spectrum/api/analyze-emotions";
import { solveSharedRows } from "@/lib/personalization/als";
import { trainSharedBlockPairs } from "@/lib/personalization/bpr-strata";

export const computeTasks = {
  detectAnomalies,
  forecastSeries,
  computeDrift,
  analyzeExperiment: analyze,
  analyzeEmotions: (input: Parameters<typeof analyzeEmotions>[0]) => analyzeEmotions(input),
  /** Rows of one ALS half-step, over shared memory (lib/personalization/als-parallel.ts); returns nothing. */
  alsSolveRows: solveSharedRows,
  /** Block pairs of one stratified-BPR stratum, over shared memory (lib/personalization/bpr-stratified.ts); returns nothing. */
  bprTrainBlockPairs: trainSharedBlockPairs,
};

export type ComputeTaskName = keyof typeof computeTasks;
export type ComputeInput<T extends ComputeTaskName> = Parameters<(typeof computeTasks)[T]>[0];
export type ComputeOutput<T extends ComputeTaskName> = Awaited<ReturnType<(typeof computeTasks)[T]>>;

export function isComputeTask(name: unknown): name is ComputeTaskName {
  return typeof name === "string" && Object.hasOwn(computeTasks, name);
}
