// The trace detail as the client components see it: the server's TraceDetail with Dates as ISO strings.
import type { ObservationDetail, ScoreDetail, TraceDetail } from "@/lib/traces/store/get-trace";
import { toJson, type Jsonified } from "@/components/ui/api";

export type ObservationView = Jsonified<ObservationDetail>;
export type ScoreView = Jsonified<ScoreDetail>;
export type TraceView = Jsonified<TraceDetail>;

/** Dates become ISO strings, as they would over JSON; the client components work on these. */
export function toTraceView(trace: TraceDetail): TraceView {
  return toJson(trace);
}
