// The demo project's catalog and feedback for recommendations: generated tastes (lib/personalization/synthetic.ts)
// over the demo's end users, so the first start can train a model that beats popularity and serve from it.
import type { Db } from "@/db/client";
import { personalizationInteractions, personalizationItems } from "@/db/schema";
import { generateTasteData } from "@/lib/personalization/synthetic";
import { createRandom } from "@/lib/primitives/random";
import type { InteractionType } from "@/lib/personalization/feedback";

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
    type: r.type as InteractionType,
    occurredAt: new Date(r.at),
  }));
  // A few items catch on in the last day (plays and likes well above their own past), so the trending list has
  // something real to show: 4 items, 8 to 14 extra positive interactions each from demo users, in the last 20 hours.
  const rand = createRandom((o.seed ?? 42) + 1);
  const until = o.until.getTime() - 60_000;
  for (let t = 0; t < 4; t++) {
    const item = data.items[rand.int(0, data.items.length - 1)];
    const count = rand.int(8, 14);
    for (let k = 0; k < count; k++) {
      rows.push({
        projectId,
        id: `demo-interaction-trend-${t}-${k}`,
        userId: users[rand.int(0, users.length - 1)],
        itemId: item.itemId,
        type: rand.chance(0.3) ? "like" : "play",
        occurredAt: new Date(until - rand.next() * 20 * 3_600_000),
      });
    }
  }
  for (let k = 0; k < rows.length; k += 2000) await db.insert(personalizationInteractions).values(rows.slice(k, k + 2000));
  return { items: data.items.length, interactions: rows.length };
}
