/**
 * Deterministic experiment assignment, bit-compatible with the GrowthBook SDKs
 * so that a user lands in the same bucket whether they are assigned here or by
 * any GrowthBook client library (cross-SDK cases live in assignment.test.ts).
 *
 * Pure and allocation-light: an assignment is two or three FNV passes over
 * short strings, far below the 2 ms p99 budget.
 */
import { fnv1a32 } from "@/lib/primitives/fnv1a";

/** A half-open bucket interval [start, end) on the unit line. */
export type BucketRange = readonly [start: number, end: number];

/** [namespaceId, start, end]: the experiment owns this slice of the namespace. */
export type Namespace = readonly [id: string, start: number, end: number];

export type HashVersion = 1 | 2;

export interface ExperimentAssignmentConfig {
  /** Experiment key; also the hashing seed unless `seed` is given. */
  key: string;
  /** Variant keys in order; index 0 is conventionally the control. */
  variants: readonly string[];
  /** Traffic split between variants (should sum to 1); equal when omitted. */
  weights?: readonly number[];
  /** Share of users included in the experiment, in [0, 1]; default 1. */
  coverage?: number;
  /** Hashing seed; defaults to the experiment key. */
  seed?: string;
  /** Defaults to 2 (the unbiased hash); 1 only for legacy experiments. */
  hashVersion?: HashVersion;
  /** Mutually exclusive experiments share a namespace id with disjoint ranges. */
  namespace?: Namespace;
}

export interface VariantAssignment {
  /** Assigned variant key, or null when the user is not in the experiment. */
  variantKey: string | null;
  /** The user's hash bucket in [0, 1), or null when it cannot be computed. */
  bucket: number | null;
  inExperiment: boolean;
}


/**
 * GrowthBook's `hash(seed, value, version)`.
 * v2 (default here): fnv(str(fnv(seed + value))) % 10000 / 10000 — rehashing the
 * decimal string removes the bias v1 shows for sequential ids.
 * v1: fnv(value + seed) % 1000 / 1000 — still used for namespaces.
 * Returns null for an unknown version, as the SDKs do.
 */
export function hashBucket(seed: string, value: string, version: number): number | null {
  if (version === 2) return (fnv1a32(String(fnv1a32(seed + value))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(value + seed) % 1000) / 1000;
  return null;
}

export function getEqualWeights(n: number): number[] {
  if (n <= 0) return [];
  return new Array<number>(n).fill(1 / n);
}

/**
 * Converts coverage and weights into one range per variant (GrowthBook's
 * getBucketRanges). Each variant keeps the start of its full-coverage slice, so
 * raising coverage later only adds users and never reshuffles existing ones.
 * Invalid input falls back exactly as the SDK does: coverage is clamped to
 * [0, 1]; weights of the wrong length or not summing to 1 (±0.01) become equal.
 */
export function getBucketRanges(
  numVariations: number,
  coverage = 1,
  weights?: readonly number[],
): BucketRange[] {
  // Written as comparisons (not Math.min/max) so a NaN coverage yields NaN
  // ranges and includes nobody, exactly like the SDK.
  const cov = coverage < 0 ? 0 : coverage > 1 ? 1 : coverage;
  const equal = getEqualWeights(numVariations);
  let w: readonly number[] = weights ?? equal;
  if (w.length !== numVariations) w = equal;
  const total = w.reduce((sum, x) => sum + x, 0);
  if (!(total >= 0.99 && total <= 1.01)) w = equal;

  let cumulative = 0;
  return w.map((weight) => {
    const start = cumulative;
    cumulative += weight;
    return [start, start + cov * weight] as const;
  });
}

export function inRange(n: number, range: BucketRange): boolean {
  return n >= range[0] && n < range[1];
}

/** Index of the range containing n, or -1 when n falls in an uncovered gap. */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (inRange(n, ranges[i])) return i;
  }
  return -1;
}

/**
 * Namespace membership uses hash v1 of `${userId}__${namespaceId}` (seed
 * "__" + id appended to the value), independent of the experiment seed, so all
 * experiments in a namespace see the same user position and disjoint ranges
 * make them mutually exclusive.
 */
export function inNamespace(userId: string, namespace: Namespace): boolean {
  const n = hashBucket("__" + namespace[0], userId, 1);
  if (n === null) return false;
  return n >= namespace[1] && n < namespace[2];
}

/** Assigns a user to a variant (or to nothing) deterministically. */
export function assignVariant(
  experiment: ExperimentAssignmentConfig,
  userId: string,
): VariantAssignment {
  // GrowthBook skips users without a hash value rather than bucketing "".
  if (userId === "" || experiment.variants.length < 2) {
    return { variantKey: null, bucket: null, inExperiment: false };
  }
  const bucket = hashBucket(experiment.seed ?? experiment.key, userId, experiment.hashVersion ?? 2);
  if (bucket === null) return { variantKey: null, bucket: null, inExperiment: false };

  if (experiment.namespace && !inNamespace(userId, experiment.namespace)) {
    return { variantKey: null, bucket, inExperiment: false };
  }
  const ranges = getBucketRanges(experiment.variants.length, experiment.coverage ?? 1, experiment.weights);
  const index = chooseVariation(bucket, ranges);
  if (index < 0) return { variantKey: null, bucket, inExperiment: false };
  return { variantKey: experiment.variants[index], bucket, inExperiment: true };
}
