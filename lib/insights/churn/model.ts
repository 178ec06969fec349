// Training and scoring: fit the logistic model on labelled users, score users with their top reasons, and evaluate a
// model on later users against the baseline that ranks by recency alone (days since last activity).
import { auc, calibrationBins, type CalibrationBin } from "./auc";
import { CHURN_FEATURES, FEATURE_NAMES, churnLabel, featureVector, type UserActivity } from "./features";
import { contributions, fitLogistic, predictProbability, type LogisticModel } from "./logistic";

export const MIN_TRAINING_USERS = 20;
const REASONS = 3;

export interface ChurnReason {
  feature: string;
  label: string;
  /** The raw quantity in words ("12 days", "yes (pro)"); absent on scores stored before it existed. */
  shown?: string;
  /** The user's value of the feature (as the model sees it, e.g. log counts). */
  value: number;
  /** Its push on the log-odds of churn: coefficient × standardised value. */
  contribution: number;
}

export interface ChurnScore {
  userId: string;
  risk: number;
  reasons: ChurnReason[];
}

export interface ChurnEvaluation {
  /** Model AUC on the evaluated users, and the recency baseline's; null when all or none churned. */
  auc: number | null;
  baselineAuc: number | null;
  users: number;
  churned: number;
  trainUsers: number;
  trainChurned: number;
  calibration: CalibrationBin[];
}

/** Why training is impossible, or null: too few users, or one outcome only (nothing to tell apart). */
export function cannotTrain(train: UserActivity[]): string | null {
  if (train.length < MIN_TRAINING_USERS) return `only ${train.length} active users with a known outcome (at least ${MIN_TRAINING_USERS} are needed)`;
  const churned = train.filter((u) => churnLabel(u) === 1).length;
  if (churned === 0) return "no active user churned in the training window";
  if (churned === train.length) return "every active user churned in the training window";
  return null;
}

export function trainChurnModel(train: UserActivity[], lambda = 0.01): LogisticModel {
  const why = cannotTrain(train);
  if (why) throw new Error(`trainChurnModel: ${why}`);
  return fitLogistic(FEATURE_NAMES, train.map(featureVector), train.map(churnLabel), { lambda });
}

/** Risk and the features that raised it most (positive contributions only, largest first). */
export function scoreUser(model: LogisticModel, u: UserActivity): ChurnScore {
  const row = featureVector(u);
  const push = contributions(model, row);
  const reasons = CHURN_FEATURES.map((f, j) => ({ feature: f.name, label: f.label, shown: f.show(u), value: row[j], contribution: push[j] }))
    .filter((r) => r.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, REASONS)
    .map((r) => ({ ...r, value: round(r.value), contribution: round(r.contribution) }));
  return { userId: u.userId, risk: predictProbability(model, row), reasons };
}

/** The model on `test` users (labels known) vs ranking by days since last activity. */
export function evaluateChurnModel(model: LogisticModel, train: UserActivity[], test: UserActivity[]): ChurnEvaluation {
  const y = test.map(churnLabel);
  const risks = test.map((u) => scoreUser(model, u).risk);
  return {
    auc: roundOrNull(auc(risks, y)),
    baselineAuc: roundOrNull(auc(test.map((u) => u.daysSinceLast), y)),
    users: test.length,
    churned: y.reduce<number>((n, v) => n + v, 0),
    trainUsers: train.length,
    trainChurned: train.filter((u) => churnLabel(u) === 1).length,
    calibration: calibrationBins(risks, y).map((b) => ({ ...b, predicted: round(b.predicted), observed: round(b.observed) })),
  };
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;
const roundOrNull = (v: number | null) => (v === null ? null : round(v));
