// The demo project's catalog and feedback for recommendations: generated tastes (lib/personalization/synthetic.ts)
// over the demo's end users, so the first start can train a model that beats popularity and serve from it.
import type { Db } from "@/db/client";
import { personalizationInteractions, personalizationItems } from "@/db/schema";
import { generateTasteData } from "@/lib/personalization/synthetic";

export interface PersonalizationDemoOptions {
  /** Demo end users to give a history (the first 300 at most). */
  userIds: readonly string[];
  /** The newest interaction is just before this. */
  until: Date;
  seed?: number;
}

export async function seedPersonalizationDemo(db: Db, projectId: string, o: PersonalizationDemoOptions) {
  const users = o.userIds.slice(0, 300);
  const data = generateTasteData({ users: users.length, items: 120, topics: 6, interactionsPerUser: 20, seed: o.seed ?? 42, end: o.until.getTime() - 60_000, days: 28 });
  const catalogTime = new Date(o.until.getTime() - 29 * 86_400_000);
  await db.insert(personalizationItems).values(
    data.items.map((i) => ({ projectId, itemId: i.itemId, kind: "track", title: i.title, categories: i.categories, creator: i.creator, updatedAt: catalogTime, publishedAt: catalogTime })),
  );
  // Generated user k is the k-th demo end user.
  const rows = data.interactions.map((r, k) => ({
    projectId,
    id: `demo-interaction-${k}`,
    userId: users[Number(r.userId.slice("user-".length))],
    itemId: r.itemId,
    type: r.type,
    occurredAt: new Date(r.at),
  }));
  for (let k = 0; k < rows.length; k += 2000) await db.insert(personalizationInteractions).values(rows.slice(k, k + 2000));
  return { items: data.items.length, interactions: rows.length };
}
