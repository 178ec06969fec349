// Scoring and evaluation on hand-built users: reasons are the features that raised the risk most (largest first, none
// that lowered it), training refuses data with one outcome, and the recency baseline is scored on the same users.
import { CHURN_FEATURES } from "./features";
import { describe, expect, test } from "vitest";
import type { UserActivity } from "./features";
import { cannotTrain, evaluateChurnModel, scoreUser, trainChurnModel } from "./model";

function user(i: number, churned: boolean): UserActivity {
  // Churners: quiet for longer, falling activity and many errors; stayers: recent, steady, few errors.
  const k = i % 5;
  return {
    userId: `u${i}`,
    daysSinceLast: churned ? 6 + k : 1 + (k % 3),
    activeDays: churned ? 4 + k : 12 + k,
    actions: churned ? 20 + k : 60 + 3 * k,
    actionsLast7: churned ? 1 : 15 + k,
    actionsPrior21: churned ? 19 + k : 45 + 2 * k,
    sessions: churned ? 5 : 15 + k,
    errors: churned ? 6 + k : k % 2,
    thumbsUp: churned ? 0 : 2,
    thumbsDown: churned ? 2 : 0,
    ratings: 1,
    lowRatings: churned ? 1 : 0,
    sentiment: churned ? -0.2 : 0.3,
    costUsd: 1,
    spectrumSessions: 0,
    plan: i % 3 === 0 ? "pro" : "free",
    tenureDays: 30 + i,
    activeAfter: !churned,
  };
}

const train = Array.from({ length: 60 }, (_, i) => user(i, i % 3 === 0));

describe("churn model", () => {
  test("refuses to train on too few users or on one outcome only", () => {
    expect(cannotTrain(train.slice(0, 5))).toMatch(/only 5 active users/);
    expect(cannotTrain(train.map((u) => ({ ...u, activeAfter: true })))).toMatch(/no active user churned/);
    expect(cannotTrain(train.map((u) => ({ ...u, activeAfter: false })))).toMatch(/every active user churned/);
    expect(cannotTrain(train)).toBeNull();
  });

  test("a churner-like user gets a high risk, with positive reasons largest first; a stayer gets a low one", () => {
    const model = trainChurnModel(train);
    const risky = scoreUser(model, user(99, true));
    const safe = scoreUser(model, user(98, false));
    expect(risky.risk).toBeGreaterThan(0.8);
    expect(safe.risk).toBeLessThan(0.2);
    expect(risky.reasons.length).toBeGreaterThan(0);
    expect(risky.reasons.length).toBeLessThanOrEqual(3);
    for (const r of risky.reasons) expect(r.contribution).toBeGreaterThan(0);
    for (let i = 1; i < risky.reasons.length; i++) expect(risky.reasons[i - 1].contribution).toBeGreaterThanOrEqual(risky.reasons[i].contribution);
    // A reason reads in the user's own units, not the model's log scale.
    for (const r of risky.reasons) expect(r.shown).toMatch(/\d|yes|no/);
  });

  test("reasons show raw quantities: days, counts, money and the plan in words", () => {
    const shown = Object.fromEntries(CHURN_FEATURES.map((f) => [f.name, f.show({ ...user(1, true), daysSinceLast: 12, tenureDays: 1, costUsd: 0.456, plan: "pro" })]));
    expect(shown).toMatchObject({ daysSinceLast: "12 days", tenureDays: "1 day", costUsd: "$0.46", paidPlan: "yes (pro)" });
  });

  test("evaluation scores the model and the recency baseline on the same later users", () => {
    const model = trainChurnModel(train);
    const test = Array.from({ length: 30 }, (_, i) => user(100 + i, i % 2 === 0));
    const e = evaluateChurnModel(model, train, test);
    expect(e).toMatchObject({ users: 30, churned: 15, trainUsers: 60, trainChurned: 20 });
    expect(e.auc).toBe(1);
    // Recency alone also separates these users (churners were quiet for 6+ days), so it is 1 here too.
    expect(e.baselineAuc).toBe(1);
    expect(e.calibration.reduce((n, b) => n + b.users, 0)).toBe(30);
  });
});
