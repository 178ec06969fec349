// The feature registry: feature views declared as JSON manifests in ./views (name, entity, source, TTL, history window,
// typed features), validated once here. Feature references are `view:feature` (or `view` for all of its features), as
// in Feast.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import userEngagement from "./views/user-engagement.json";
import itemStatistics from "./views/item-statistics.json";
import cfFactors from "./views/cf-factors.json";
import contentVectors from "./views/content-vectors.json";

export const FEATURE_ENTITIES = ["user", "item"] as const;
export type FeatureEntity = (typeof FEATURE_ENTITIES)[number];

const viewSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/),
    entity: z.enum(FEATURE_ENTITIES),
    description: z.string().min(1),
    /** Which offline computation fills it (lib/personalization/features/sources.ts). */
    source: z.enum(["interactions", "promoted_model"]),
    /** An online value older than this is served with status `outside_max_age` and no values. */
    ttlHours: z.number().positive(),
    /** Offline history kept for point-in-time reads (the latest value of each entity is always kept). */
    historyDays: z.number().int().positive(),
    features: z
      .array(z.object({ name: z.string().regex(/^[a-z][a-z0-9_]*$/), type: z.enum(["int", "float", "string", "timestamp", "vector"]), description: z.string().min(1) }))
      .min(1),
  })
  .strict();

export type FeatureView = z.infer<typeof viewSchema>;

/** Every registered view, in a fixed order. */
export const FEATURE_VIEWS: readonly FeatureView[] = [userEngagement, itemStatistics, cfFactors, contentVectors].map((v) => viewSchema.parse(v));

export function featureView(name: string): FeatureView | undefined {
  return FEATURE_VIEWS.find((v) => v.name === name);
}

/** The requested features grouped per view: `features` is a comma-separated list of `view:feature` or `view`; absent: all of the entity's views. */
export function resolveFeatureRefs(entity: FeatureEntity, features: string | undefined): { view: FeatureView; names: string[] }[] {
  if (!features) return FEATURE_VIEWS.filter((v) => v.entity === entity).map((view) => ({ view, names: view.features.map((f) => f.name) }));
  const byView = new Map<string, { view: FeatureView; names: Set<string> }>();
  for (const ref of features.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [viewName, featureName, extra] = ref.split(":");
    const view = featureView(viewName);
    if (!view || extra !== undefined) throw new AppError("invalid_request", `features: unknown feature view in "${ref}" (views: ${FEATURE_VIEWS.map((v) => v.name).join(", ")})`);
    if (view.entity !== entity) throw new AppError("invalid_request", `features: view ${view.name} is keyed by ${view.entity}, not ${entity}`);
    const entry = byView.get(view.name) ?? { view, names: new Set<string>() };
    byView.set(view.name, entry);
    if (featureName === undefined || featureName === "*") view.features.forEach((f) => entry.names.add(f.name));
    else if (view.features.some((f) => f.name === featureName)) entry.names.add(featureName);
    else throw new AppError("invalid_request", `features: ${view.name} has no feature ${featureName}`);
  }
  if (!byView.size) throw new AppError("invalid_request", "features: name at least one feature");
  return [...byView.values()].map(({ view, names }) => ({ view, names: view.features.map((f) => f.name).filter((n) => names.has(n)) }));
}
