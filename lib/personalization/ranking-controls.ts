// Ranking controls of a recommendations list (issue 17): a category filter, a cap per creator and a recency boost,
// applied after the models' scores are blended and together with MMR diversity (./hybrid.ts).
//   category       only items carrying one of these categories (a filter: it never lowers a list's quality score);
//   creatorCap     at most N items of one creator in the list (items without a creator are never capped); when the
//                  best items are all by one creator, the list is filled with the next creators' best items;
//   recencyBoost   b in [0, 1] added to an item's blended score (itself in [0, 1]) as b · 2^(−age / halfLife), where
//                  age is the time since the item's `publishedAt` (a future date counts as age 0). The boost is
//                  bounded by b: an item published now gains b, one a half-life old b/2, two half-lives b/4; an item
//                  without `publishedAt` gains nothing. Default half-life 7 days.
// The values come from (first that sets it) a running ranking experiment's variant parameters, the request, the
// project's saved settings, and the built-in defaults (no cap, no boost).
import { z } from "zod";
import type { RankControls } from "./hybrid";

export const DEFAULT_RECENCY_HALF_LIFE_DAYS = 7;
const DAY_MS = 86_400_000;

/** The controls a request, a project's settings or an experiment variant may set. */
export const rankingControlsSchema = z.object({
  creatorCap: z.number().int().min(1).max(100).optional(),
  recencyBoost: z.number().min(0).max(1).optional(),
  recencyHalfLifeDays: z.number().positive().max(3650).optional(),
});
export type RankingControls = z.output<typeof rankingControlsSchema>;

/** A request's category filter: one category or a list of them (an item passes when it has any of them). */
export const categoryFilterSchema = z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(50)]);

export function categoriesOf(filter: string | string[] | undefined): string[] {
  return filter === undefined ? [] : typeof filter === "string" ? [filter] : [...new Set(filter)];
}

/** The first source that sets each control; `undefined` sources are skipped. */
export function resolveControls(...sources: (RankingControls | undefined)[]): RankingControls {
  const out: RankingControls = {};
  for (const key of Object.keys(rankingControlsSchema.shape) as (keyof RankingControls)[]) {
    const from = sources.find((s) => s?.[key] !== undefined);
    if (from) out[key] = from[key];
  }
  return out;
}

/** b · 2^(−age / halfLife) for an item published at `publishedAt` (ms), 0 without a date. */
export function recencyBoost(publishedAt: number | null, nowMs: number, boost: number, halfLifeDays = DEFAULT_RECENCY_HALF_LIFE_DAYS): number {
  if (publishedAt === null || boost <= 0) return 0;
  const ageDays = Math.max(0, nowMs - publishedAt) / DAY_MS;
  return boost * 2 ** (-ageDays / halfLifeDays);
}

/** What the ranking needs to know of an item for the controls. */
export interface ItemMeta {
  categories: readonly string[];
  creator: string | null;
  /** ms since the epoch, or null. */
  publishedAt: number | null;
}

/**
 * The controls as functions of an item's index in `ids`, and the category filter as a skip predicate (null when no
 * category is asked for). An item missing from the catalog has no categories (filtered out by any category), no
 * creator and no date.
 */
export function controlsFor(
  ids: readonly string[],
  meta: ReadonlyMap<string, ItemMeta>,
  controls: RankingControls,
  categories: readonly string[],
  nowMs: number,
): { controls: RankControls; outOfCategory: ((i: number) => boolean) | null } {
  const wanted = new Set(categories);
  const outOfCategory = wanted.size ? (i: number) => !(meta.get(ids[i])?.categories.some((c) => wanted.has(c)) ?? false) : null;
  const boost = controls.recencyBoost;
  return {
    outOfCategory,
    controls: {
      ...(boost ? { boost: (i: number) => recencyBoost(meta.get(ids[i])?.publishedAt ?? null, nowMs, boost, controls.recencyHalfLifeDays) } : {}),
      ...(controls.creatorCap ? { cap: controls.creatorCap, group: (i: number) => meta.get(ids[i])?.creator ?? null } : {}),
    },
  };
}

/** Whether any control needs the catalog's metadata. */
export function needsCatalog(controls: RankingControls, categories: readonly string[]): boolean {
  return categories.length > 0 || !!controls.creatorCap || !!controls.recencyBoost;
}
