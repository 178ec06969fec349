/** What the detector reports about one anomalous point (and, for an incident, about its peak). */
import type { AnomalyKind, Severity } from "./sensitivity";

export interface Anomaly {
  timestamp: string | number;
  value: number;
  expected: number;
  lower: number;
  upper: number;
  /** Calibrated anomaly likelihood in [0, 1]. */
  score: number;
  /** -log10(1 - score): decades of improbability, what thresholds and severities are set in. */
  surprise: number;
  direction: "up" | "down";
  kind: AnomalyKind;
  severity: Severity;
}
