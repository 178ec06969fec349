/**
 * The dimensions a change can be attributed to. Built-ins come from the trace (model of its first generation,
 * environment, release, prompt version, name, the failing or first tool observation) or the end user's profile (plan,
 * country); `meta:<key>` is a trace metadata key (event property for event metrics) that the project marked as a
 * dimension in its insight settings; `cohort:<id>` splits the rows by whether their end user is a member of one of the
 * project's saved cohorts (lib/cohorts; its membership at the last refresh), asked for in `dimensions` (never a
 * default); trace and event metrics read it (alone, with plan or country, or paired with one trace dimension or
 * metadata key) from the rollups' per-user daily tiers (../store/user-day-scan.ts).
 */
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { MetricGrain } from "./metrics";

export const TRACE_DIMENSIONS = ["model", "environment", "release", "prompt_version", "trace_name", "observation", "plan", "country"] as const;
export const EVENT_DIMENSIONS = ["plan", "country"] as const;
export type BuiltinDimension = (typeof TRACE_DIMENSIONS)[number];
export type Dimension = BuiltinDimension | `meta:${string}` | `cohort:${string}`;

export const METADATA_PREFIX = "meta:";
export const COHORT_PREFIX = "cohort:";
/** Metadata keys: what a JSON key looks like in practice, bounded so it is safe as a SQL parameter and a label. */
export const metadataKeySchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(100, "must be at most 100 characters")
  .regex(/^[A-Za-z0-9_.\-]+$/, "may use letters, digits, _ . and - only");

export const dimensionSchema = z.union([
  z.enum(TRACE_DIMENSIONS),
  z.string().startsWith(METADATA_PREFIX).pipe(z.string().refine((s) => metadataKeySchema.safeParse(s.slice(METADATA_PREFIX.length)).success, "a metadata dimension is meta:<key> with a key of letters, digits, _ . -")),
  z.string().startsWith(COHORT_PREFIX).pipe(z.string().refine((s) => z.uuid().safeParse(s.slice(COHORT_PREFIX.length)).success, "a cohort dimension is cohort:<cohort id>")),
]) as z.ZodType<Dimension>;

export const isMetadataDimension = (d: Dimension): d is `meta:${string}` => d.startsWith(METADATA_PREFIX);
export const isCohortDimension = (d: Dimension): d is `cohort:${string}` => d.startsWith(COHORT_PREFIX);

export function dimensionsFor(grain: MetricGrain): readonly BuiltinDimension[] {
  return grain === "trace" ? TRACE_DIMENSIONS : grain === "event" ? EVENT_DIMENSIONS : [];
}

/** The dimensions an analysis uses: the requested ones, or every built-in of the grain plus the project's metadata keys. */
export function resolveDimensions(grain: MetricGrain, requested: Dimension[] | undefined, projectKeys: string[]): Dimension[] {
  const builtins = dimensionsFor(grain) as readonly string[];
  if (requested) {
    // Custom metric points carry no user: only their own dimension keys (meta:<key>) apply.
    const wrong = requested.find((d) => !isMetadataDimension(d) && (grain === "point" || !isCohortDimension(d)) && !builtins.includes(d));
    if (wrong) throw new AppError("invalid_request", `dimensions: ${wrong} does not apply to ${grain} metrics (use ${grain === "point" ? "meta:<key>, a key of the points' dimensions" : `${builtins.join(", ")}, meta:<key> or cohort:<id>`})`);
    return [...new Set(requested)];
  }
  return [...builtins, ...projectKeys.map((k) => `${METADATA_PREFIX}${k}` as const)] as Dimension[];
}

/** A human label: "model", "prompt version", "metadata plan_tier", "cohort" (a cohort dimension's values name it). */
export function dimensionLabel(d: string): string {
  return d
    .split(" × ")
    .map((part) => (part.startsWith(METADATA_PREFIX) ? `metadata ${part.slice(METADATA_PREFIX.length)}` : part.startsWith(COHORT_PREFIX) ? "cohort" : part.replace(/_/g, " ")))
    .join(" × ");
}
