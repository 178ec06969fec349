// Churn training with a time-based validation. A backtest at `asOf` trains on users as of `asOf - churnDays` (whose
// outcome was known by `asOf`), predicts at `asOf` and scores against what happened in [asOf, asOf + churnDays).
// The daily job stores the backtest one period back (the freshest with known outcomes) as the model's evaluation,
// then refits on the latest labelled users (as of now - churnDays) and scores everyone active now.
import { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { DEFAULT_CHURN_DAYS } from "./features";
import { cannotTrain, evaluateChurnModel, scoreUser, trainChurnModel, type ChurnEvaluation } from "./model";
import { loadChurnActivity } from "@/lib/insights/store/churn-features";
import { latestChurnModel, saveChurnModel, topChurnRisks } from "@/lib/insights/store/churn-models";

const DAY = 86_400_000;

const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time" }).transform((s) => new Date(s));
const churnDays = z.number().int().min(1).max(90).default(DEFAULT_CHURN_DAYS);

export const backtestBodySchema = z.object({ asOf: instant, churnDays }).strict();
export const churnListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export type BacktestResult = ChurnEvaluation & { asOf: string; churnDays: number };

/** Trains as of `asOf - churnDays`, evaluates at `asOf`; nothing is stored. */
export async function backtestChurn(db: Db, projectId: string, asOf: Date, days: number, now: Date): Promise<BacktestResult> {
  if (asOf.getTime() + days * DAY > now.getTime()) {
    throw new AppError("invalid_request", `asOf: must be at least churnDays (${days}) days before now, so that what happened after it is known`);
  }
  const trainAt = new Date(asOf.getTime() - days * DAY);
  const [train, test] = await Promise.all([loadChurnActivity(db, projectId, trainAt, asOf), loadChurnActivity(db, projectId, asOf, new Date(asOf.getTime() + days * DAY))]);
  const why = cannotTrain(train);
  if (why) throw new AppError("conflict", `Cannot train a churn model as of ${trainAt.toISOString()}: ${why}`);
  if (test.length === 0) throw new AppError("conflict", `No user was active in the 28 days before ${asOf.toISOString()}, so there is nothing to evaluate`);
  const model = trainChurnModel(train);
  return { asOf: asOf.toISOString(), churnDays: days, ...evaluateChurnModel(model, train, test) };
}

/** The daily job's work for one project: evaluate, refit on the latest labelled users, store model and scores. */
export async function trainProjectChurn(db: Db, projectId: string, now: Date, days = DEFAULT_CHURN_DAYS) {
  const started = performance.now();
  const evaluation = await backtestChurn(db, projectId, new Date(now.getTime() - days * DAY), days, now);
  const train = await loadChurnActivity(db, projectId, new Date(now.getTime() - days * DAY), now);
  const why = cannotTrain(train);
  if (why) throw new AppError("conflict", `Cannot train a churn model: ${why}`);
  const model = trainChurnModel(train);
  const scores = (await loadChurnActivity(db, projectId, now, null)).map((u) => scoreUser(model, u));
  const modelId = await saveChurnModel(db, projectId, { trainedAt: now, churnDays: days, model, evaluation, scores });
  return { modelId, auc: evaluation.auc, baselineAuc: evaluation.baselineAuc, trainUsers: train.length, scoredUsers: scores.length, trainingMs: Math.round(performance.now() - started) };
}

/** As `trainProjectChurn`, but a project without enough history yet is skipped (with the reason), not failed. */
export async function trainProjectChurnIfReady(db: Db, projectId: string, now: Date) {
  try {
    return await trainProjectChurn(db, projectId, now);
  } catch (err) {
    if (err instanceof AppError && err.code === "conflict") return { skipped: err.message };
    throw err;
  }
}

/** `GET /api/v1/insights/churn`: the latest model's summary and its most at-risk users (404 before the first model). */
export async function churnOverview(db: Db, projectId: string, limit: number) {
  const overview = await latestChurnOverview(db, projectId, limit);
  if (!overview) throw new AppError("not_found", "No churn model has been trained yet: the insights-churn-train job trains one daily once end users have about two months of activity");
  return overview;
}

/** The latest model's summary and its most at-risk users, or null when none was trained (the model page's empty state). */
export async function latestChurnOverview(db: Db, projectId: string, limit: number) {
  const stored = await latestChurnModel(db, projectId);
  if (!stored) return null;
  const { model, evaluation } = stored;
  return {
    model: {
      id: stored.id,
      trainedAt: stored.trainedAt.toISOString(),
      churnDays: stored.churnDays,
      auc: evaluation.auc,
      baselineAuc: evaluation.baselineAuc,
      evaluatedAt: evaluation.asOf,
      evaluatedUsers: evaluation.users,
      churned: evaluation.churned,
      trainUsers: evaluation.trainUsers,
      calibration: evaluation.calibration,
      coefficients: model.features.map((feature, j) => ({ feature, coefficient: model.coefficients[j], mean: model.means[j], scale: model.scales[j] })),
      intercept: model.intercept,
    },
    users: await topChurnRisks(db, projectId, stored.id, limit),
  };
}
