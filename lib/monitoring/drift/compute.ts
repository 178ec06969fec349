/**
 * computeDrift: per-feature drift tests plus a dataset-level verdict, with
 * Evidently's test selection and defaults:
 *
 *   numeric,     small sample -> Kolmogorov–Smirnov (p < 0.05)
 *   numeric,     large sample -> normalised Wasserstein distance (>= 0.1)
 *   categorical, small sample -> chi-square (p < 0.05)
 *   categorical, large sample -> Jensen–Shannon distance (>= 0.1)
 *   embeddings                -> domain-classifier ROC AUC (> 0.55)
 *
 * "Small" means at most `smallSampleMax` (1000) non-missing values on both
 * sides. Numeric columns with at most 5 distinct reference values are treated
 * as categorical (Evidently does the same). PSI, or any test, can be forced
 * globally or per feature. The dataset drifts when the share of drifted
 * features reaches `datasetDriftShare` (0.5). Everything is O(n log n).
 */
import { domainClassifierAuc } from "./classifier";
import {
  chiSquare,
  countValues,
  histogramShares,
  jensenShannon,
  proportions,
  psi,
  wassersteinNormed,
} from "./distances";
import { ksTwoSample } from "./ks";
import {
  computeDriftInputSchema,
  type ComputeDriftInput,
  DEFAULT_THRESHOLDS,
  type DriftResult,
  type DriftTest,
  type DriftThresholds,
  type FeatureDrift,
  type FeatureValue,
} from "./schema";

const SMALL_SAMPLE_MAX = 1000;
const MAX_CATEGORICAL_NUMERIC_UNIQUES = 5;
/** Evidently bins numeric columns for JS/PSI only above this many distinct values. */
const MAX_UNIQUES_AS_CATEGORIES = 20;

type Options = NonNullable<ReturnType<typeof computeDriftInputSchema.parse>["options"]>;

export function computeDrift(input: ComputeDriftInput): DriftResult {
  const parsed = computeDriftInputSchema.parse(input);
  const thresholds: DriftThresholds = { ...DEFAULT_THRESHOLDS, ...parsed.thresholds };
  const options: Options = parsed.options ?? {};
  const names = Object.keys(parsed.reference).filter((name) => name in parsed.current);
  const features = names.map((name) => featureDrift(name, parsed.reference[name], parsed.current[name], thresholds, options));
  if (parsed.embeddings) features.push(embeddingDrift(parsed.embeddings.reference, parsed.embeddings.current, thresholds, options));

  const driftedFeatures = features.filter((f) => f.drifted).length;
  const share = features.length ? driftedFeatures / features.length : 0;
  return {
    features,
    dataset: {
      drifted: features.length > 0 && share >= thresholds.datasetDriftShare,
      share,
      threshold: thresholds.datasetDriftShare,
      driftedFeatures,
      features: features.length,
    },
  };
}

function featureDrift(name: string, refRaw: FeatureValue[], curRaw: FeatureValue[], th: DriftThresholds, opts: Options): FeatureDrift {
  const ref = refRaw.filter((v): v is Exclude<FeatureValue, null> => v !== null);
  const cur = curRaw.filter((v): v is Exclude<FeatureValue, null> => v !== null);
  const sizes = { reference: ref.length, current: cur.length };
  const allNumeric = ref.every((v) => typeof v === "number") && cur.every((v) => typeof v === "number");
  const refUniques = new Set(ref).size;
  const inferred = allNumeric && refUniques > MAX_CATEGORICAL_NUMERIC_UNIQUES ? "numeric" : "categorical";
  const kind = allNumeric ? (opts.kinds?.[name] ?? inferred) : "categorical";
  const small = Math.max(ref.length, cur.length) <= (opts.smallSampleMax ?? SMALL_SAMPLE_MAX);
  const requested = opts.perFeature?.[name] ?? opts.stattest;
  const numericOnly = requested === "ks" || requested === "wasserstein";
  const test: DriftTest =
    requested && !(numericOnly && kind === "categorical")
      ? requested
      : kind === "numeric"
        ? small ? "ks" : "wasserstein"
        : small ? "chisquare" : "jensenshannon";

  const base = { name, kind, test, threshold: th[test], sizes } as const;
  if (ref.length === 0 || cur.length === 0) {
    return { ...base, statistic: Number.NaN, drifted: false, details: { note: "no data on one side" } };
  }
  const nums = (a: unknown[]) => Float64Array.from(a as number[]);
  switch (test) {
    case "ks": {
      const r = ksTwoSample(nums(ref), nums(cur));
      return { ...base, statistic: r.statistic, pValue: r.pValue, drifted: r.pValue < th.ks, details: { method: r.method } };
    }
    case "wasserstein": {
      const d = wassersteinNormed(nums(ref), nums(cur));
      return { ...base, statistic: d, drifted: d >= th.wasserstein };
    }
    case "chisquare": {
      const r = chiSquare(countValues(ref.map(String)), countValues(cur.map(String)));
      return { ...base, statistic: r.statistic, pValue: r.pValue, drifted: r.pValue < th.chisquare };
    }
    case "jensenshannon":
    case "psi": {
      const binned = kind === "numeric" && refUniques > MAX_UNIQUES_AS_CATEGORIES;
      const shares = binned ? histogramShares(nums(ref), nums(cur)) : proportions(countValues(ref.map(String)), countValues(cur.map(String)));
      const d = test === "psi" ? psi(shares.ref, shares.cur) : jensenShannon(shares.ref, shares.cur, opts.jensenShannonBase ?? 2);
      return { ...base, statistic: d, drifted: d >= th[test], details: { bins: shares.ref.length } };
    }
  }
}

function embeddingDrift(ref: number[][], cur: number[][], th: DriftThresholds, opts: Options): FeatureDrift {
  const sizes = { reference: ref.length, current: cur.length };
  const base = { name: "embeddings", kind: "embedding", test: "domain_classifier", threshold: th.embeddingAuc, sizes } as const;
  if (ref.length < 4 || cur.length < 4) {
    return { ...base, statistic: Number.NaN, drifted: false, details: { note: "too few rows" } };
  }
  const mr = meanVector(ref);
  const mc = meanVector(cur);
  const dot = mr.reduce((s, v, k) => s + v * mc[k], 0);
  const cosine = 1 - dot / (Math.hypot(...mr) * Math.hypot(...mc) || 1);
  const euclidean = Math.hypot(...mr.map((v, k) => v - mc[k]));
  const r = domainClassifierAuc(ref, cur, { seed: opts.seed });
  return {
    ...base,
    statistic: r.auc,
    drifted: r.auc > th.embeddingAuc,
    details: { cosineDistance: cosine, euclideanDistance: euclidean, trainSize: r.trainSize, testSize: r.testSize },
  };
}

function meanVector(rows: number[][]): number[] {
  const d = rows[0].length;
  const m = new Array<number>(d).fill(0);
  for (const row of rows) for (let k = 0; k < d; k++) m[k] += row[k];
  return m.map((v) => v / rows.length);
}
