/**
 * The assign endpoint's logic: deterministic variant for a user, and the exposure logged once
 * (unique experiment + user + variant; a replay changes nothing).
 */
import { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { assignVariant, type ExperimentAssignmentConfig } from "./assignment";
import { matchesTargeting } from "./definition";
import { logExposure } from "./store/exposure-batch";
import { cachedExperiment, cachedRunningExperiments, rememberExperiment, rememberRunningExperiments, runningExperimentsEpoch } from "./definition-cache";
import { getExperiment, runningExperiments, type Experiment } from "./store/experiments";
import { recordUserActivity } from "@/lib/users/activity";
import { sharedLoads } from "@/lib/cache/shared-loads";

export const assignRequestSchema = z.object({
  userId: z.string({ error: "userId is required" }).min(1, { error: "userId must be a non-empty string" }).max(256),
  attributes: z.record(z.string(), z.unknown()).optional(),
});

/** Per API key; generous because products call assign on every request that renders a variant. */
export const ASSIGN_RATE_LIMIT = { limit: 6_000, windowMs: 60_000 };

export interface AssignResponse {
  experimentKey: string;
  inExperiment: boolean;
  /** Why the user is not in the experiment (targeting, coverage, namespace). */
  reason: "assigned" | "targeting" | "not_covered";
  variant: { key: string; parameters: Record<string, unknown> } | null;
  /** The user's hash bucket in [0, 1). */
  bucket: number | null;
  /** True when this call recorded the user's first exposure to the variant. */
  exposureLogged: boolean;
}

/** What assignVariant() needs of an experiment (also what an SDK that assigns locally is given). */
export function assignmentConfig(experiment: Experiment): ExperimentAssignmentConfig {
  const ns = experiment.namespace;
  return {
    key: experiment.key,
    seed: experiment.seed,
    variants: experiment.variants.map((v) => v.key),
    weights: experiment.variants.map((v) => v.weight),
    coverage: experiment.coverage,
    namespace: ns ? [ns.id, ns.start, ns.end] : undefined,
  };
}

/** The variant the experiment's buckets (coverage, namespace, weights) give a user, before targeting. */
export function bucketedVariant(experiment: Experiment, userId: string) {
  const result = assignVariant(assignmentConfig(experiment), userId);
  const variant = result.variantKey ? experiment.variants.find((v) => v.key === result.variantKey)! : null;
  return { variant, bucket: result.bucket };
}

/** Pure part: which variant (if any) an experiment gives a user. */
export function variantFor(experiment: Experiment, userId: string, attributes?: Record<string, unknown>) {
  if (!matchesTargeting(experiment.targeting, attributes)) return { variant: null, bucket: null, reason: "targeting" as const };
  const { variant, bucket } = bucketedVariant(experiment, userId);
  return { variant, bucket, reason: variant ? ("assigned" as const) : ("not_covered" as const) };
}

/** The experiment by key through the short-lived definition cache (AppError not_found when there is none). */
export async function experimentForAssignment(db: Db, projectId: string, key: string): Promise<Experiment> {
  const cached = cachedExperiment(db, projectId, key);
  if (cached) return cached;
  const experiment = await getExperiment(db, projectId, key);
  rememberExperiment(db, experiment);
  return experiment;
}

const runningLoads = sharedLoads<Experiment[]>();

/** The project's running experiments through the same short-lived cache (a status change drops it at once); callers
 * that miss together share one query. */
export async function runningExperimentsForAssignment(db: Db, projectId: string): Promise<Experiment[]> {
  const cached = cachedRunningExperiments(db, projectId);
  if (cached) return cached;
  const epoch = runningExperimentsEpoch();
  const rows = await runningLoads(projectId, epoch, () => runningExperiments(db, projectId), db);
  rememberRunningExperiments(db, projectId, rows, epoch);
  return rows;
}

/** Logs a user's first exposure to a variant (idempotent); true when it was new, and the user is then sighted. */
export async function exposeUser(db: Db, projectId: string, experimentId: string, userId: string, variantKey: string, now: Date): Promise<boolean> {
  const logged = await logExposure(db, { projectId, experimentId, userId, variantKey, firstExposedAt: now });
  // A first exposure is a sighting of the user (created on first sight); repeat assigns cost nothing extra.
  if (logged) await recordUserActivity(db, projectId, new Map([[userId, { first: now, last: now }]]));
  return logged;
}

export async function assignAndExpose(
  db: Db,
  projectId: string,
  key: string,
  { userId, attributes }: z.output<typeof assignRequestSchema>,
  now = new Date(),
): Promise<AssignResponse> {
  const experiment = await experimentForAssignment(db, projectId, key);
  if (experiment.status !== "running") {
    throw new AppError("conflict", `Experiment "${key}" is ${experiment.status}; only running experiments assign variants`);
  }
  const { variant, bucket, reason } = variantFor(experiment, userId, attributes);
  let exposureLogged = false;
  if (variant) {
    exposureLogged = await exposeUser(db, projectId, experiment.id, userId, variant.key, now);
  }
  return {
    experimentKey: experiment.key,
    inExperiment: variant !== null,
    reason,
    variant: variant ? { key: variant.key, parameters: variant.parameters } : null,
    bucket,
    exposureLogged,
  };
}
