// The demo project's catalog and feedback for recommendations: generated tastes (lib/personalization/synthetic.ts)
// over the demo's end users, so the first start can train a model that beats popularity and serve from it.
import type { Db } from "@/db/client";
import { experiments, personalizationInteractions, personalizationItems } from "@/db/schema";
import { createExperimentSchema, type CreateExperimentInput } from "@/lib/experiments/definition";
import { recommend } from "@/lib/personalization/recommend";
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
  // Each user's two most liked categories (their generated taste, as their history shows it), for the demo's clicks.
  const categoryOf = new Map(data.items.map((i) => [i.itemId, i.categories[0]]));
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!["play", "like", "purchase"].includes(r.type)) continue;
    const c = counts.get(r.userId) ?? new Map<string, number>();
    c.set(categoryOf.get(r.itemId)!, (c.get(categoryOf.get(r.itemId)!) ?? 0) + 1);
    counts.set(r.userId, c);
  }
  const tastes = new Map([...counts].map(([u, c]) => [u, new Set([...c].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 2).map(([k]) => k))]));
  return { items: data.items.length, interactions: rows.length, tastes, categoryOf };
}

/** A running ranking experiment: the trained default (MMR λ 0.7) against relevance alone (λ 1), measured by click-through. */
export const DEMO_RANKING_EXPERIMENT: CreateExperimentInput = {
  key: "ranking-diversity",
  name: "Recommendations: diversity (MMR λ)",
  hypothesis: "Ranking by relevance alone (λ = 1) gets more clicks than the diversified default (λ = 0.7).",
  variants: [
    { key: "default", name: "λ = 0.7 (trained default)", weight: 0.5, parameters: { mmrLambda: 0.7 } },
    { key: "relevance", name: "λ = 1 (relevance only)", weight: 0.5, parameters: { mmrLambda: 1 } },
  ],
  goalMetrics: ["recommendation_ctr"],
  engine: "frequentist",
  correction: "holm",
};
export const DEMO_RANKING_DAYS = 3;

/**
 * Serves the demo's users through the ranking experiment over its last days (the real serving path: assignment,
 * exposure, ranking, impression) and lets them click: each of a list's first three items that is in one of the
 * user's two favourite categories is clicked with probability 0.3. Needs a promoted model. Returns the experiment id.
 */
export async function seedRankingExperimentDemo(
  db: Db,
  projectId: string,
  o: { tastes: Map<string, Set<string>>; categoryOf: Map<string, string>; until: Date; users?: number; seed?: number },
): Promise<{ experimentId: string; impressions: number; clicks: number }> {
  const config = createExperimentSchema.parse(DEMO_RANKING_EXPERIMENT);
  const start = new Date(o.until.getTime() - DEMO_RANKING_DAYS * 86_400_000);
  const [row] = await db
    .insert(experiments)
    .values({ ...config, projectId, seed: config.key, namespace: null, status: "running", startedAt: start })
    .returning({ id: experiments.id });
  const rand = createRandom((o.seed ?? 42) + 2);
  const users = [...o.tastes.keys()].slice(0, o.users ?? 200);
  const clicks: (typeof personalizationInteractions.$inferInsert)[] = [];
  let impressions = 0;
  for (let day = 0; day < DEMO_RANKING_DAYS; day++) {
    for (const userId of users) {
      const at = new Date(start.getTime() + day * 86_400_000 + rand.next() * 20 * 3_600_000);
      const served = await recommend(db, projectId, { userId, limit: 10, exclude: [], experimentKey: config.key }, at);
      if (!served.impressionId) continue;
      impressions++;
      served.items.slice(0, 3).forEach((item, position) => {
        if (!o.tastes.get(userId)!.has(o.categoryOf.get(item.itemId) ?? "") || !rand.chance(0.3)) return;
        clicks.push({ projectId, id: `demo-click-${served.impressionId}-${position}`, userId, itemId: item.itemId, type: "click", impressionId: served.impressionId, occurredAt: new Date(at.getTime() + (position + 1) * 60_000) });
      });
    }
  }
  for (let k = 0; k < clicks.length; k += 2000) await db.insert(personalizationInteractions).values(clicks.slice(k, k + 2000));
  return { experimentId: row.id, impressions, clicks: clicks.length };
}
