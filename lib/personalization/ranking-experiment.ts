// Which ranking parameters serve a user: a running experiment's variant parameters, so that Prism's own experiments
// measure the hybrid's α and MMR λ (a change needs no deploy), else the model version's trained defaults. The
// experiment is the one the request names (`experimentKey`) or, without one, the project's running ranking
// experiment: the earliest started whose variants carry a ranking parameter and that measures impressions. A user the experiment covers is exposed
// (logged once, like the assign endpoint) and ranked with the variant's parameters; anyone else gets the defaults.
import { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { experimentForAssignment, exposeUser, runningExperimentsForAssignment, variantFor } from "@/lib/experiments/expose";
import type { Experiment } from "@/lib/experiments/store/experiments";
import { rankingControlsSchema } from "./ranking-controls";

/** Variant parameters the ranking reads; any other parameter of a variant is left to the product. */
export const rankingParametersSchema = z.object({
  /** A fixed collaborative weight α for users both models know (instead of n / (n + historyHalfWeight)). */
  alpha: z.number().min(0).max(1).optional(),
  mmrLambda: z.number().min(0).max(1).optional(),
  historyHalfWeight: z.number().positive().max(10_000).optional(),
  /** Creator cap, recency boost and its half-life (./ranking-controls.ts). */
  ...rankingControlsSchema.shape,
});
export type RankingParameters = z.output<typeof rankingParametersSchema>;
const RANKING_KEYS = Object.keys(rankingParametersSchema.shape) as (keyof RankingParameters)[];

/**
 * Without an experimentKey, an experiment is taken for a ranking experiment only when a variant sets a ranking
 * parameter and it measures recommendations (a goal or guardrail metric over impressions): a product experiment that
 * happens to name a parameter `alpha` must not have its users exposed by recommendation calls.
 */
export function isRankingExperiment(experiment: Pick<Experiment, "variants" | "goalMetrics" | "guardrails">): boolean {
  const measuresImpressions = [...experiment.goalMetrics, ...experiment.guardrails.map((g) => g.metric)].some((m) => m.impressions);
  return measuresImpressions && experiment.variants.some((v) => RANKING_KEYS.some((k) => k in v.parameters));
}

/** The ranking parameters of a variant (unprocessable when one is present but out of range). */
export function rankingParametersOf(experimentKey: string, variant: { key: string; parameters: Record<string, unknown> }): RankingParameters {
  const picked = Object.fromEntries(RANKING_KEYS.filter((k) => k in variant.parameters).map((k) => [k, variant.parameters[k]]));
  const parsed = rankingParametersSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError("unprocessable", `Experiment "${experimentKey}" variant "${variant.key}": parameter ${issue.path.join(".")} ${issue.message}`);
  }
  return parsed.data;
}

export interface RankingAssignment {
  experiment: { id: string; key: string };
  /** The user's variant, or null when the experiment does not cover them (they get the defaults). */
  variant: string | null;
  parameters: RankingParameters;
}

/** The ranking experiment that applies to this request, or null (no experiment named and none running). */
export async function rankingAssignment(db: Db, projectId: string, userId: string, experimentKey: string | undefined, now: Date): Promise<RankingAssignment | null> {
  let experiment: Experiment | undefined;
  if (experimentKey) {
    experiment = await experimentForAssignment(db, projectId, experimentKey);
    // A stopped or paused experiment serves the defaults: a product that still names it keeps working.
    if (experiment.status !== "running") return { experiment: { id: experiment.id, key: experiment.key }, variant: null, parameters: {} };
  } else {
    experiment = (await runningExperimentsForAssignment(db, projectId)).find(isRankingExperiment);
    if (!experiment) return null;
  }
  const { variant } = variantFor(experiment, userId);
  if (!variant) return { experiment: { id: experiment.id, key: experiment.key }, variant: null, parameters: {} };
  const parameters = rankingParametersOf(experiment.key, variant);
  await exposeUser(db, projectId, experiment.id, userId, variant.key, now);
  return { experiment: { id: experiment.id, key: experiment.key }, variant: variant.key, parameters };
}
