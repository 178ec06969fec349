/**
 * The demo organization's experiments: a prompt experiment with a true effect on the thumbs-up rate and an A/A test
 * (same experience in both arms), with exposures derived from the generated sessions. Deterministic: assignment is
 * hashing, and the generator draws the same random numbers whatever the arm.
 */
import { assignVariant } from "../experiments/assignment";
import { createExperimentSchema, type CreateExperimentInput } from "../experiments/definition";

const DAY = 86_400_000;
/** Days before the anchor at which both demo experiments started. */
export const DEMO_EXPERIMENT_START_DAYS = 35;
/** Thumbs-up probability of a rated session outside incidents, in control and in the warmer prompt. */
export const DEMO_THUMBS_UP = { control: 0.78, treatment: 0.92 } as const;

export const DEMO_PROMPT_EXPERIMENT: CreateExperimentInput = {
  key: "prompt-warm-v2",
  name: "Warmer system prompt (v2)",
  hypothesis: "A warmer, more concise system prompt raises the share of thumbs-up ratings without more errors or latency.",
  variants: [
    { key: "control", name: "Current prompt", weight: 0.5, parameters: { prompt: "assistant/v1" } },
    { key: "warm-v2", name: "Warmer prompt", weight: 0.5, parameters: { prompt: "assistant/v2", temperature: 0.7 } },
  ],
  goalMetrics: ["thumbs_up_rate", "messages_per_user"],
  guardrails: [
    { metric: "error_rate", threshold: 0.1 },
    { metric: "latency_ms", threshold: 0.1 },
  ],
  engine: "frequentist",
  correction: "holm",
};

export const DEMO_AA_EXPERIMENT: CreateExperimentInput = {
  key: "aa-sanity-check",
  name: "A/A sanity check",
  hypothesis: "Both arms get the same experience, so no metric should differ and the traffic split should hold.",
  variants: [
    { key: "a", weight: 0.5, parameters: { prompt: "assistant/v1" } },
    { key: "b", weight: 0.5, parameters: { prompt: "assistant/v1" } },
  ],
  goalMetrics: ["thumbs_up_rate", "messages_per_user"],
  guardrails: [{ metric: "error_rate", threshold: 0.1 }],
  engine: "frequentist",
  correction: "holm",
};

export const demoExperiments = [DEMO_PROMPT_EXPERIMENT, DEMO_AA_EXPERIMENT];

/** The demo experiments as rows of a project, both running since `start` (what the demo seed stores). */
export function demoExperimentRows(projectId: string, start: Date) {
  return demoExperiments.map((config) => {
    const e = createExperimentSchema.parse(config);
    return { ...e, projectId, seed: e.key, namespace: null, status: "running" as const, startedAt: start };
  });
}

function variantOf(config: CreateExperimentInput, userId: string): string | null {
  return assignVariant(
    { key: config.key, variants: config.variants.map((v) => v.key), weights: config.variants.map((v) => v.weight) },
    userId,
  ).variantKey;
}

/** The generator's hook: does this user's session at `time` get the warmer prompt? */
export function demoExperimentPlan(anchor: Date) {
  const start = anchor.getTime() - DEMO_EXPERIMENT_START_DAYS * DAY;
  const treatment = DEMO_PROMPT_EXPERIMENT.variants[1].key;
  return {
    start: new Date(start),
    thumbsUpProbability(userId: string, time: number): number {
      const treated = time >= start && variantOf(DEMO_PROMPT_EXPERIMENT, userId) === treatment;
      return treated ? DEMO_THUMBS_UP.treatment : DEMO_THUMBS_UP.control;
    },
  };
}

export interface DemoExposure {
  experimentKey: string;
  userId: string;
  variantKey: string;
  firstExposedAt: Date;
}

/** Each user is exposed to both experiments at their first session since the start (when the product calls assign). */
export function demoExposures(
  events: ReadonlyArray<{ userId: string; name: string; timestamp: Date }>,
  start: Date,
): DemoExposure[] {
  const firstSession = new Map<string, Date>();
  for (const e of events) {
    if (e.name !== "session_started" || e.timestamp < start) continue;
    const seen = firstSession.get(e.userId);
    if (!seen || e.timestamp < seen) firstSession.set(e.userId, e.timestamp);
  }
  const exposures: DemoExposure[] = [];
  for (const config of demoExperiments) {
    for (const [userId, firstExposedAt] of firstSession) {
      const variantKey = variantOf(config, userId);
      if (variantKey) exposures.push({ experimentKey: config.key, userId, variantKey, firstExposedAt });
    }
  }
  return exposures;
}
