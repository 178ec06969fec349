/**
 * Input schema and result types for computeDrift. Feature columns and
 * embedding matrices can hold 100k+ values, so they are validated with one
 * tight loop each instead of a zod schema per element (which would dominate
 * the 10-second budget for large inputs).
 */
import { z } from "zod";

export type FeatureValue = number | string | boolean | null;

const isFeatureColumn = (v: unknown): v is FeatureValue[] => {
  if (!Array.isArray(v)) return false;
  for (const x of v) {
    const t = typeof x;
    if (x !== null && t !== "string" && t !== "boolean" && !(t === "number" && Number.isFinite(x))) return false;
  }
  return true;
};

const isMatrix = (v: unknown): v is number[][] => {
  if (!Array.isArray(v)) return false;
  const width = Array.isArray(v[0]) ? v[0].length : 0;
  for (const row of v) {
    if (!Array.isArray(row) || row.length !== width) return false;
    for (const x of row) if (typeof x !== "number" || !Number.isFinite(x)) return false;
  }
  return true;
};

const column = z.custom<FeatureValue[]>(isFeatureColumn, "expected an array of finite numbers, strings, booleans or nulls");
const matrix = z.custom<number[][]>(isMatrix, "expected a rectangular array of finite numbers");

export const DRIFT_TESTS = ["ks", "wasserstein", "chisquare", "jensenshannon", "psi"] as const;
export type DriftTest = (typeof DRIFT_TESTS)[number];

/** Evidently's defaults. p-value tests drift below, distances at or above. */
export const DEFAULT_THRESHOLDS = {
  ks: 0.05,
  wasserstein: 0.1,
  chisquare: 0.05,
  jensenshannon: 0.1,
  psi: 0.1,
  /** Domain-classifier ROC AUC above which embeddings drifted. */
  embeddingAuc: 0.55,
  /** Share of drifted features at which the whole dataset counts as drifted. */
  datasetDriftShare: 0.5,
};
export type DriftThresholds = typeof DEFAULT_THRESHOLDS;

export const computeDriftInputSchema = z
  .object({
    reference: z.record(z.string(), column),
    current: z.record(z.string(), column),
    embeddings: z.object({ reference: matrix, current: matrix }).optional(),
    thresholds: z
      .object({
        ks: z.number().gt(0).lt(1),
        wasserstein: z.number().positive(),
        chisquare: z.number().gt(0).lt(1),
        jensenshannon: z.number().gt(0).max(1),
        psi: z.number().positive(),
        embeddingAuc: z.number().gt(0.5).lt(1),
        datasetDriftShare: z.number().gt(0).max(1),
      })
      .partial()
      .optional(),
    options: z
      .object({
        /** Up to this many values per side counts as a small sample (KS / chi-square). */
        smallSampleMax: z.number().int().positive(),
        /** Force one test for every feature it applies to (e.g. "psi"). */
        stattest: z.enum(DRIFT_TESTS),
        /** Per-feature test override. */
        perFeature: z.record(z.string(), z.enum(DRIFT_TESTS)),
        /** Override inferred feature kinds. */
        kinds: z.record(z.string(), z.enum(["numeric", "categorical"])),
        /** Log base of the Jensen–Shannon distance (2 bounds it in [0, 1]). */
        jensenShannonBase: z.number().gt(1),
        /** Seed for the domain classifier's sampling and split. */
        seed: z.number().int(),
      })
      .partial()
      .optional(),
  })
  .refine((v) => !v.embeddings || (v.embeddings.reference[0]?.length ?? 0) === (v.embeddings.current[0]?.length ?? 0), {
    message: "reference and current embeddings must have the same dimension",
    path: ["embeddings"],
  });

export type ComputeDriftInput = z.input<typeof computeDriftInputSchema>;

export interface FeatureDrift {
  name: string;
  kind: "numeric" | "categorical" | "embedding";
  test: DriftTest | "domain_classifier";
  statistic: number;
  pValue?: number;
  threshold: number;
  drifted: boolean;
  /** Non-missing values used on each side. */
  sizes: { reference: number; current: number };
  details?: Record<string, number | string>;
}

export interface DriftResult {
  features: FeatureDrift[];
  dataset: { drifted: boolean; share: number; threshold: number; driftedFeatures: number; features: number };
}
