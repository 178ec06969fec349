import type { ObservationDetail, ScoreDetail, TraceDetail } from "@/lib/traces/store/get-trace";

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

export type ObservationView = Jsonified<ObservationDetail>;
export type ScoreView = Jsonified<ScoreDetail>;
export type TraceView = Omit<Jsonified<TraceDetail>, "observations" | "scores"> & { observations: ObservationView[]; scores: ScoreView[] };

/** Dates become ISO strings, as they would over JSON; the client components work on these. */
export function toTraceView(trace: TraceDetail): TraceView {
  return JSON.parse(JSON.stringify(trace)) as TraceView;
}
