// Reads of the feedback a training run learns from and of the catalog (a user's own history: ./serving-user.ts).
import { and, eq, gte, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { personalizationInteractions, personalizationItems } from "@/db/schema";
import type { InteractionRecord } from "../dataset";
import type { CatalogItem } from "../content";
import type { ItemMeta } from "../ranking-controls";

/** Every interaction of the project since `since` (all when absent), oldest first. */
export async function loadInteractions(db: Db, projectId: string, since?: Date): Promise<InteractionRecord[]> {
  const t = personalizationInteractions;
  const rows = await db
    .select({ userId: t.userId, itemId: t.itemId, type: t.type, value: t.value, at: t.occurredAt })
    .from(t)
    .where(and(eq(t.projectId, projectId), since ? gte(t.occurredAt, since) : undefined))
    .orderBy(t.occurredAt, t.id);
  return rows.map((r) => ({ userId: r.userId, itemId: r.itemId, type: r.type, value: r.value, at: r.at.getTime() }));
}

/** The catalog as the content model reads it. */
export async function loadCatalog(db: Db, projectId: string): Promise<CatalogItem[]> {
  const t = personalizationItems;
  return db
    .select({ itemId: t.itemId, kind: t.kind, title: t.title, tags: t.tags, categories: t.categories, creator: t.creator, attributes: t.attributes, text: t.text })
    .from(t)
    .where(eq(t.projectId, projectId))
    .orderBy(t.itemId);
}

/** Each catalog item's categories, creator and publication time (ms), for the ranking controls. */
export async function loadItemMeta(db: Db, projectId: string): Promise<Map<string, ItemMeta>> {
  const t = personalizationItems;
  const rows = await db.select({ itemId: t.itemId, categories: t.categories, creator: t.creator, publishedAt: t.publishedAt }).from(t).where(eq(t.projectId, projectId));
  return new Map(rows.map((r) => [r.itemId, { categories: r.categories, creator: r.creator, publishedAt: r.publishedAt?.getTime() ?? null }]));
}

/** The items `userId` has interacted with in any way. */
export async function touchedItems(db: Db, projectId: string, userId: string): Promise<Set<string>> {
  const t = personalizationInteractions;
  const rows = await db.selectDistinct({ itemId: t.itemId }).from(t).where(and(eq(t.projectId, projectId), eq(t.userId, userId)));
  return new Set(rows.map((r) => r.itemId));
}

/** Which of `itemIds` are in the catalog. */
export async function catalogItems(db: Db, projectId: string, itemIds: readonly string[]): Promise<Set<string>> {
  if (!itemIds.length) return new Set();
  const t = personalizationItems;
  const rows = await db.select({ itemId: t.itemId }).from(t).where(and(eq(t.projectId, projectId), inArray(t.itemId, [...itemIds])));
  return new Set(rows.map((r) => r.itemId));
}

/** Projects with any interaction (the daily training pass). */
export async function projectsWithInteractions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ projectId: personalizationInteractions.projectId }).from(personalizationInteractions);
  return rows.map((r) => r.projectId);
}
