// Which traces a rule scores: a hash of the rule and trace ids mapped to [0, 1), kept when below the sample rate.
// Deterministic, so a rerun (or a retry after a crash) samples exactly the same traces; salted by the rule, so two
// rules at 10 % do not score the very same tenth of the traffic.
import { createHash } from "node:crypto";

/** A stable position in [0, 1) for the trace under this rule (the first 48 bits of a SHA-256). */
export function samplePosition(ruleId: string, traceId: string): number {
  const digest = createHash("sha256").update(ruleId).update("\u0000").update(traceId).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function isSampled(ruleId: string, traceId: string, sampleRate: number): boolean {
  if (sampleRate >= 1) return true;
  if (sampleRate <= 0) return false;
  return samplePosition(ruleId, traceId) < sampleRate;
}

/** The deterministic score id: a rerun's insert of the same trace's score conflicts and changes nothing. */
export function onlineScoreId(ruleId: string, traceId: string): string {
  return `eval:${ruleId}:${traceId}`;
}
