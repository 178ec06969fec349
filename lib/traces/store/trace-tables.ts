// Where trace data is written: the kept traces, or the payload-free summaries of traces left out by sampling. Both
// follow the same merge and rollup rules (write.ts, rollup.ts), so totals stay exact at any sampling rate; columns a
// summary table lacks (input, output, metadata...) are simply not written.
import { observations, sampledObservations, sampledTraces, traces } from "@/db/schema";

export interface TraceTables {
  traces: typeof traces | typeof sampledTraces;
  observations: typeof observations | typeof sampledObservations;
}

export const KEPT_TRACES: TraceTables = { traces, observations };
export const SAMPLED_OUT_TRACES: TraceTables = { traces: sampledTraces, observations: sampledObservations };
