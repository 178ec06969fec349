/**
 * An experiment as an SDK that assigns locally needs it: the inputs of assignVariant() (GrowthBook-compatible
 * hashing, version 2) plus targeting and each variant's parameters. Nothing else (no metrics, owner or results).
 */
import { assignmentConfig } from "./expose";
import type { Experiment } from "./store/experiments";

export function sdkDefinition(experiment: Experiment) {
  const config = assignmentConfig(experiment);
  return {
    key: config.key,
    status: experiment.status,
    hashVersion: 2 as const,
    seed: config.seed,
    coverage: config.coverage,
    namespace: config.namespace ?? null,
    targeting: experiment.targeting,
    variants: experiment.variants.map((v) => ({ key: v.key, weight: v.weight, parameters: v.parameters })),
  };
}
