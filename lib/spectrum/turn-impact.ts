// Turn impact: how the user's emotional state moved across an assistant turn,
// measured from the user turn before it to the user turn after it.
import type { EmotionVector, TurnRole } from "./types";
import { subtractVectors } from "./vector";

/** Minimal turn shape needed here (AnalyzedTurn satisfies it). */
export interface ImpactInputTurn {
  role: TurnRole;
  vector: EmotionVector;
  timestamp?: string | number | Date;
}

export type TurnImpact =
  | {
      measurable: true;
      /** Index of the assistant turn in the input array. */
      assistantTurnIndex: number;
      userBeforeIndex: number;
      userAfterIndex: number;
      /** Assistant turns between the same two user turns (usually 1). They
       * all receive the same delta; divide by this to split the credit. */
      assistantTurnsInGap: number;
      /** after - before, unclamped (valence delta is in -2..2). */
      delta: EmotionVector;
      /** Time between the two user turns, when both timestamps are parseable. */
      elapsedMs: number | null;
    }
  | {
      measurable: false;
      assistantTurnIndex: number;
      /** The first assistant turn has no user turn before it when the
       * assistant opens; the last one has no reply yet. */
      reason: "no-user-turn-before" | "no-user-turn-after";
    };

function toMillis(t: string | number | Date | undefined): number | null {
  if (t === undefined) return null;
  const ms = t instanceof Date ? t.getTime() : typeof t === "number" ? t : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * One entry per assistant turn, in order. The array order is authoritative
 * (timestamps may tie or be missing); turns must already be sorted.
 */
export function computeTurnImpacts(turns: readonly ImpactInputTurn[]): TurnImpact[] {
  // Nearest user turn at or before / after each position, in two linear passes.
  const prevUser: number[] = new Array(turns.length);
  const nextUser: number[] = new Array(turns.length);
  let last = -1;
  for (let i = 0; i < turns.length; i++) {
    prevUser[i] = last;
    if (turns[i].role === "user") last = i;
  }
  last = -1;
  for (let i = turns.length - 1; i >= 0; i--) {
    nextUser[i] = last;
    if (turns[i].role === "user") last = i;
  }

  const impacts: TurnImpact[] = [];
  turns.forEach((turn, i) => {
    if (turn.role !== "assistant") return;
    const before = prevUser[i];
    const after = nextUser[i];
    if (before < 0) {
      impacts.push({ measurable: false, assistantTurnIndex: i, reason: "no-user-turn-before" });
      return;
    }
    if (after < 0) {
      impacts.push({ measurable: false, assistantTurnIndex: i, reason: "no-user-turn-after" });
      return;
    }
    let inGap = 0;
    for (let k = before + 1; k < after; k++) if (turns[k].role === "assistant") inGap++;
    const t0 = toMillis(turns[before].timestamp);
    const t1 = toMillis(turns[after].timestamp);
    impacts.push({
      measurable: true,
      assistantTurnIndex: i,
      userBeforeIndex: before,
      userAfterIndex: after,
      assistantTurnsInGap: inGap,
      delta: subtractVectors(turns[after].vector, turns[before].vector),
      elapsedMs: t0 !== null && t1 !== null ? t1 - t0 : null,
    });
  });
  return impacts;
}
