/**
 * Power analysis for planning: the minimum detectable effect (MDE) for a given
 * sample, or the sample (and days of traffic) needed for a given MDE.
 *
 * Model: two-sample z-test on the absolute difference between one treatment
 * and the control, each with n units. With k variants the traffic is split k
 * ways and α is Bonferroni-split over the k − 1 comparisons with control, so a
 * plan for a multi-arm test stays honest. Effects are relative to the baseline
 * mean. For conversion rates the treatment variance is evaluated at the
 * treated rate p(1 + mde), which is what makes small baselines expensive.
 */
import { normalQuantile } from "./distributions";

export type PowerBaseline =
  | { type: "binomial"; conversionRate: number }
  | { type: "mean"; mean: number; variance: number };

export interface PowerSettings {
  baseline: PowerBaseline;
  /** Number of variants including control; default 2. */
  numVariants?: number;
  /** Default 0.05. */
  alpha?: number;
  /** Probability of detecting a true effect of MDE size; default 0.8. */
  power?: number;
  /** Default two-sided. */
  sides?: "two-sided" | "one-sided";
}

export interface SampleSizePlan {
  usersPerVariant: number;
  totalUsers: number;
  /** Days of traffic needed, when usersPerDay was given. */
  days: number | null;
}

export interface MdeResult {
  /** Smallest relative lift detectable; null when no rate ≤ 100% is detectable. */
  relative: number | null;
  absolute: number | null;
  usersPerVariant: number;
}

function resolve(settings: PowerSettings) {
  const k = settings.numVariants ?? 2;
  if (!Number.isInteger(k) || k < 2) throw new Error("numVariants must be an integer ≥ 2");
  const alpha = (settings.alpha ?? 0.05) / (k - 1);
  const power = settings.power ?? 0.8;
  const oneSided = settings.sides === "one-sided";
  const zAlpha = normalQuantile(oneSided ? 1 - alpha : 1 - alpha / 2);
  const zPower = normalQuantile(power);
  return { k, z: zAlpha + zPower };
}

function baselineMoments(b: PowerBaseline): { mean: number; variance: number } {
  if (b.type === "binomial") {
    const p = b.conversionRate;
    if (!(p > 0 && p < 1)) throw new Error("conversionRate must be strictly between 0 and 1");
    return { mean: p, variance: p * (1 - p) };
  }
  if (b.mean === 0) throw new Error("baseline mean must be non-zero for a relative effect");
  if (!(b.variance > 0)) throw new Error("baseline variance must be positive");
  return b;
}

/** Units per variant so that a relative lift of `relativeMde` is detected with the given power. */
export function requiredSampleSize(
  settings: PowerSettings & { relativeMde: number; usersPerDay?: number },
): SampleSizePlan {
  const { k, z } = resolve(settings);
  const { mean, variance } = baselineMoments(settings.baseline);
  const delta = settings.relativeMde * Math.abs(mean);
  if (delta === 0) throw new Error("relativeMde must be non-zero");
  let treatedVariance = variance;
  if (settings.baseline.type === "binomial") {
    const treated = mean + delta;
    if (!(treated > 0 && treated < 1)) throw new Error("the treated conversion rate must stay within (0, 1)");
    treatedVariance = treated * (1 - treated);
  }
  const usersPerVariant = Math.ceil((z * z * (variance + treatedVariance)) / (delta * delta));
  const totalUsers = usersPerVariant * k;
  const days = settings.usersPerDay ? Math.ceil(totalUsers / settings.usersPerDay) : null;
  return { usersPerVariant, totalUsers, days };
}

/**
 * Smallest positive relative lift detectable with `totalUsers` (or
 * usersPerDay × days) split over the variants.
 */
export function minimumDetectableEffect(
  settings: PowerSettings & ({ totalUsers: number } | { usersPerDay: number; days: number }),
): MdeResult {
  const { k, z } = resolve(settings);
  const total = "totalUsers" in settings ? settings.totalUsers : settings.usersPerDay * settings.days;
  const n = total / k;
  if (!(n > 0)) throw new Error("the sample must be positive");
  const { mean, variance } = baselineMoments(settings.baseline);
  let absolute: number | null;
  if (settings.baseline.type === "binomial") {
    // Solve (q − p)² = c·(p(1−p) + q(1−q)) for the treated rate q > p, c = z²/n:
    // (1 + c)q² − (2p + c)q + p² − c·p(1−p) = 0.
    const p = mean;
    const c = (z * z) / n;
    const a = 1 + c;
    const b = -(2 * p + c);
    const cc = p * p - c * p * (1 - p);
    const q = (-b + Math.sqrt(b * b - 4 * a * cc)) / (2 * a);
    absolute = q < 1 ? q - p : null;
  } else {
    absolute = z * Math.sqrt((2 * variance) / n);
  }
  return {
    relative: absolute === null ? null : absolute / Math.abs(mean),
    absolute,
    usersPerVariant: Math.floor(n),
  };
}
