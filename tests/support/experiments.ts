// Shared by the experiments test files.
import type { Db } from "@/db/client";
import { createExperiment } from "@/lib/experiments/store/experiments";
import { createExperimentSchema, metricDefinitionSchema, metricPresets, type CreateExperimentInput, type ExperimentConfig, type MetricDefinition } from "@/lib/experiments/definition";
import type { SeededOrg } from "./fixtures";

/** Small deterministic generator (mulberry32), so a failure reproduces. */
export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A literal config parsed the way the route's boundary parses a body (defaults, metric presets), for createExperiment. */
export function experimentConfig(input: CreateExperimentInput): ExperimentConfig {
  return createExperimentSchema.parse(input);
}

/** A draft experiment with variants control and b at 50/50, created by the organization's admin. */
export function twoVariantExperiment(db: Db, org: SeededOrg, key: string, goalMetrics: string[]) {
  const actor = { userId: org.users.admin.id, email: org.users.admin.email, orgId: org.org.id, projectId: org.project.id };
  return createExperiment(db, actor, experimentConfig({
    key,
    name: key,
    variants: [
      { key: "control", weight: 0.5 },
      { key: "b", weight: 0.5 },
    ],
    goalMetrics,
  }));
}

/** The five event-based presets of every metric type, plus one custom metric (e.g. a short window or a filter). */
export function presetsPlus(custom: unknown): MetricDefinition[] {
  const presets = ["thumbs_up_rate", "messages_per_user", "latency_ms", "gave_feedback", "error_rate"];
  return [...presets.map((k) => metricDefinitionSchema.parse(metricPresets[k])), metricDefinitionSchema.parse(custom)];
}
