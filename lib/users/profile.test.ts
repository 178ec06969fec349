import { describe, expect, it } from "vitest";
import { computeProfile, engagementScore, preferredPersona, type ProfileInputs } from "./profile";
import { applyIdentify, emptyTraits } from "./traits";

const NOW = new Date("2026-11-30T00:00:00Z");
const base: ProfileInputs = {
  userId: "u",
  lastSeenAt: NOW,
  eventCount: 0,
  sessionCount: 0,
  traceCount: 0,
  costUsd: 0,
  personas: [],
  tags: [],
  names: [],
  hours: new Array(24).fill(0),
  feedback: { thumbsUp: 0, thumbsDown: 0, ratings: 0, ratingSum: 0, comments: 0 },
  recent: { activeDays: 0, actions: 0, feedback: 0 },
};

describe("engagement score", () => {
  it("is 0 for nobody, 100 at every cap, and each part as documented", () => {
    expect(engagementScore({ recent: base.recent, lastSeenAt: null }, NOW).score).toBe(0);
    expect(engagementScore({ recent: { activeDays: 30, actions: 1000, feedback: 9 }, lastSeenAt: NOW }, NOW).score).toBe(100);
    const half = engagementScore({ recent: { activeDays: 10, actions: 9, feedback: 0 }, lastSeenAt: new Date(NOW.getTime() - 15 * 86_400_000) }, NOW);
    expect(half.parts).toEqual({ activeDays: 20, volume: 15, recency: 10, feedback: 0 });
    expect(half.score).toBe(45);
  });
});

describe("preferred persona", () => {
  it("prefers the best-rated persona with enough scores, else the most used, else none", () => {
    expect(preferredPersona([])).toBeNull();
    const personas = [
      { persona: "mentor", traces: 10, satisfaction: 0.5, scored: 5 },
      { persona: "coach", traces: 4, satisfaction: 0.8, scored: 3 },
      { persona: "expert", traces: 2, satisfaction: 1, scored: 2 },
    ];
    expect(preferredPersona(personas)).toEqual({ persona: "coach", basis: "satisfaction" });
    expect(preferredPersona(personas.map((p) => ({ ...p, scored: 0, satisfaction: null })))).toEqual({ persona: "mentor", basis: "usage" });
  });

  it("shares add up to one and the peak hour is the busiest", () => {
    const p = computeProfile({ ...base, names: [{ value: "a", count: 3 }, { value: "b", count: 1 }], hours: base.hours.map((_, h) => (h === 14 ? 5 : h === 2 ? 1 : 0)) }, NOW);
    expect(p.intents).toEqual([{ value: "a", count: 3, share: 0.75 }, { value: "b", count: 1, share: 0.25 }]);
    expect(p.peakHour).toBe(14);
    expect(computeProfile(base, NOW).peakHour).toBeNull();
  });
});

describe("identify semantics", () => {
  const mask = (s: string) => s.replace(/\S+@\S+/, "[EMAIL]");
  it("traits overwrite, traitsOnce only fill, unchanged values record nothing, strings are masked", () => {
    const t1 = new Date("2026-01-01T00:00:00Z");
    const a = applyIdentify(emptyTraits(), { timestamp: t1, traits: { plan: "free", email: "a@b.c" }, traitsOnce: { plan: "team", role: "dev" } }, new Map(), mask);
    expect(a.state).toMatchObject({ plan: "free", email: "[EMAIL]", properties: { role: "dev" } });
    expect(a.changes.map((c) => c.trait)).toEqual(["plan", "email", "role"]);
    const b = applyIdentify(a.state, { timestamp: new Date("2026-02-01T00:00:00Z"), traits: { plan: "free" } }, new Map(), mask);
    expect(b.changes).toEqual([]);
  });

  it("a value older than the trait's last change only joins the history", () => {
    const last = new Map([["plan", Date.parse("2026-03-01T00:00:00Z")]]);
    const r = applyIdentify({ ...emptyTraits(), plan: "pro" }, { timestamp: new Date("2026-02-01T00:00:00Z"), traits: { plan: "free" } }, last, (s) => s);
    expect(r.state.plan).toBe("pro");
    expect(r.changes).toEqual([{ trait: "plan", oldValue: null, newValue: "free", validFrom: new Date("2026-02-01T00:00:00Z") }]);
  });
});
