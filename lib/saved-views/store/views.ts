// A person's saved views: listed per page, saved by name (saving under a taken name replaces that view), deleted
// only by their owner. Each view belongs to one person in one project.
import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { savedViews } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { MAX_VIEWS_PER_PAGE, savedViewInputSchema, type SavedView, type SavedViewInput, type SavedViewPage } from "../view";

interface Owner {
  projectId: string;
  userId: string;
}

const shape = (r: typeof savedViews.$inferSelect): SavedView => ({ id: r.id, page: r.page as SavedViewPage, name: r.name, query: r.query, updatedAt: r.updatedAt.toISOString() });

export async function listSavedViews(db: Db, owner: Owner, page: SavedViewPage): Promise<SavedView[]> {
  const rows = await db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.projectId, owner.projectId), eq(savedViews.userId, owner.userId), eq(savedViews.page, page)))
    .orderBy(asc(savedViews.name));
  return rows.map(shape);
}

export async function saveView(db: Db, owner: Owner, input: SavedViewInput, now = new Date()): Promise<SavedView> {
  const v = savedViewInputSchema.parse(input);
  return db.transaction(async (tx) => {
    const mine = and(eq(savedViews.projectId, owner.projectId), eq(savedViews.userId, owner.userId), eq(savedViews.page, v.page));
    const [{ n }] = await tx.select({ n: count() }).from(savedViews).where(mine);
    const [existing] = await tx.select({ id: savedViews.id }).from(savedViews).where(and(mine, eq(savedViews.name, v.name))).limit(1);
    if (!existing && n >= MAX_VIEWS_PER_PAGE) throw new AppError("conflict", `You have ${MAX_VIEWS_PER_PAGE} saved views on this page; delete one first`);
    const [row] = await tx
      .insert(savedViews)
      .values({ projectId: owner.projectId, userId: owner.userId, page: v.page, name: v.name, query: v.query, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [savedViews.projectId, savedViews.userId, savedViews.page, savedViews.name], set: { query: v.query, updatedAt: now } })
      .returning();
    return shape(row);
  });
}

/** Deletes one of the caller's views; another person's (or project's) view is a 404, as if it did not exist. */
export async function deleteSavedView(db: Db, owner: Owner, id: string): Promise<void> {
  const deleted = await db
    .delete(savedViews)
    .where(and(eq(savedViews.id, id), eq(savedViews.projectId, owner.projectId), eq(savedViews.userId, owner.userId)))
    .returning({ id: savedViews.id });
  if (deleted.length === 0) throw new AppError("not_found", `No saved view ${id}`);
}
