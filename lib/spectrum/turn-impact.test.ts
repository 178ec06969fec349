import { describe, expect, it } from "vitest";
import { vec } from "../../tests/support/spectrum-vectors";
import { computeTurnImpacts, type ImpactInputTurn } from "./turn-impact";

const user = (v: ReturnType<typeof vec>, timestamp?: string): ImpactInputTurn => ({ role: "user", vector: v, timestamp });
const assistant = (): ImpactInputTurn => ({ role: "assistant", vector: vec(0) });

describe("computeTurnImpacts", () => {
  it("measures the user's move from the turn before to the turn after", () => {
    const turns = [
      user(vec(-0.6, { anxiety: 0.8 }), "2025-01-01T10:00:00Z"),
      assistant(),
      user(vec(0.4, { anxiety: 0.2, calm: 0.6 }), "2025-01-01T10:02:00Z"),
    ];
    const [impact] = computeTurnImpacts(turns);
    expect(impact.measurable).toBe(true);
    if (!impact.measurable) return;
    expect(impact).toMatchObject({ assistantTurnIndex: 1, userBeforeIndex: 0, userAfterIndex: 2, assistantTurnsInGap: 1, elapsedMs: 120_000 });
    expect(impact.delta.valence).toBeCloseTo(1.0);
    expect(impact.delta.emotions.anxiety).toBeCloseTo(-0.6);
    expect(impact.delta.emotions.calm).toBeCloseTo(0.6);
  });

  it("reports assistant turns without a user turn on one side as not measurable", () => {
    const impacts = computeTurnImpacts([assistant(), user(vec(0)), assistant()]);
    expect(impacts).toEqual([
      { measurable: false, assistantTurnIndex: 0, reason: "no-user-turn-before" },
      { measurable: false, assistantTurnIndex: 2, reason: "no-user-turn-after" },
    ]);
  });

  it("shares one user-to-user gap between consecutive assistant turns", () => {
    const impacts = computeTurnImpacts([user(vec(0)), assistant(), assistant(), user(vec(0.5)), user(vec(0.2))]);
    expect(impacts).toHaveLength(2);
    for (const i of impacts) {
      expect(i.measurable && i.assistantTurnsInGap).toBe(2);
      expect(i.measurable && i.delta.valence).toBeCloseTo(0.5);
    }
  });

  it("returns elapsedMs null when timestamps are missing", () => {
    const [impact] = computeTurnImpacts([user(vec(0)), assistant(), user(vec(0))]);
    expect(impact.measurable && impact.elapsedMs).toBeNull();
  });
});
