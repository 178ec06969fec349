// Per-item positive engagement in the trending windows (lib/personalization/trending.ts), optionally within one
// catalog category, with the items' titles and categories for display.
import { and, eq, gte, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { personalizationInteractions, personalizationItems } from "@/db/schema";
import type { ItemActivity } from "../trending";

/** Positive interaction types (rating counts when 4 or 5, as in interactionWeight). */
export const POSITIVE_TYPES = ["purchase", "like", "play", "click", "view"] as const;

export async function itemActivity(db: Db, projectId: string, o: { baselineFrom: Date; recentFrom: Date; now: Date; category?: string }): Promise<ItemActivity[]> {
  const t = personalizationInteractions;
  const i = personalizationItems;
  const recent = sql<number>`count(*) filter (where ${t.occurredAt} >= ${o.recentFrom.toISOString()}::timestamptz)`.mapWith(Number);
  const baseline = sql<number>`count(*) filter (where ${t.occurredAt} < ${o.recentFrom.toISOString()}::timestamptz)`.mapWith(Number);
  const rows = await db
    .select({ itemId: t.itemId, recent, baseline })
    .from(t)
    .where(
      and(
        eq(t.projectId, projectId),
        gte(t.occurredAt, o.baselineFrom),
        lt(t.occurredAt, o.now),
        or(inArray(t.type, [...POSITIVE_TYPES]), and(eq(t.type, "rating"), gte(t.value, 4))),
        o.category
          ? inArray(t.itemId, db.select({ itemId: i.itemId }).from(i).where(and(eq(i.projectId, projectId), sql`${o.category} = any(${i.categories})`)))
          : undefined,
      ),
    )
    .groupBy(t.itemId);
  return rows;
}

/** Titles and categories of `itemIds` (those in the catalog). */
export async function itemLabels(db: Db, projectId: string, itemIds: readonly string[]): Promise<Map<string, { title: string | null; categories: string[] }>> {
  if (!itemIds.length) return new Map();
  const i = personalizationItems;
  const rows = await db
    .select({ itemId: i.itemId, title: i.title, categories: i.categories })
    .from(i)
    .where(and(eq(i.projectId, projectId), inArray(i.itemId, [...itemIds])));
  return new Map(rows.map((r) => [r.itemId, { title: r.title, categories: r.categories }]));
}
