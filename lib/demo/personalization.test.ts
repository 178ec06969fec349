// The demo's catalog and feedback train a model that beats popularity, so the demo project serves real recommendations.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDb } from "@/tests/support/db";
import { seedOrg } from "@/tests/support/fixtures";
import type { DbHandle } from "@/db/client";
import { DEMO_RANKING_DAYS, seedPersonalizationDemo, seedRankingExperimentDemo } from "./personalization";
import { computeExperimentResults } from "@/lib/experiments/results";
import { clickThrough } from "@/lib/personalization/store/impressions";
import { trainProjectModel } from "@/lib/personalization/training";
import { recommend } from "@/lib/personalization/recommend";
import { trendingItems } from "@/lib/personalization/trending-service";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => h.close());

test("the demo feedback trains a promoted model and the demo's first member gets collaborative recommendations", async () => {
  const { project } = await seedOrg(h.db);
  const userIds = Array.from({ length: 500 }, (_, i) => `user_${String(i + 1).padStart(4, "0")}`);
  const seeded = await seedPersonalizationDemo(h.db, project.id, { userIds, until: new Date("2026-11-30T00:00:00Z") });
  expect(seeded.items).toBe(120);
  expect(seeded.interactions).toBeGreaterThan(5000);
  const outcome = await trainProjectModel(h.db, project.id);
  console.log(`demo model: ${outcome.manifest.users} users × ${outcome.manifest.items} items, ${outcome.manifest.trainingMs} ms, NDCG@10 ratio ${outcome.evaluation.ndcgRatio?.toFixed(2)}`);
  expect(outcome.promoted).toBe(true);
  expect(outcome.evaluation.ndcgRatio!).toBeGreaterThanOrEqual(1.5);
  const recs = await recommend(h.db, project.id, { userId: "user_0001", limit: 5, exclude: [] });
  expect(recs.items).toHaveLength(5);
  expect(recs.items[0].reasons).toContain("collaborative");
  // The demo's last day has items catching on, so the page's trending list is not empty.
  const trending = await trendingItems(h.db, project.id, { now: new Date("2026-11-30T00:00:00Z"), limit: 10 });
  expect(trending.items.length).toBeGreaterThanOrEqual(3);
  expect(trending.items[0].zScore).toBeGreaterThan(2);

  // The ranking experiment serves the demo users through the real path, and its results read click-through from
  // the impressions the clicks name.
  const until = new Date("2026-11-30T00:00:00Z");
  const ranking = await seedRankingExperimentDemo(h.db, project.id, { tastes: seeded.tastes, categoryOf: seeded.categoryOf, until, users: 60 });
  expect(ranking.impressions).toBe(60 * DEMO_RANKING_DAYS);
  expect(ranking.clicks).toBeGreaterThan(0);
  const rows = await clickThrough(h.db, project.id, { from: new Date(until.getTime() - 7 * 86_400_000), to: until });
  expect(rows.map((r) => r.variantKey).sort()).toEqual(["default", "relevance"]);
  expect(rows.reduce((s, r) => s + r.impressions, 0)).toBe(ranking.impressions);
  const results = await computeExperimentResults(h.db, project.id, ranking.experimentId, { now: until });
  const ctr = results.metrics.find((m) => m.metricKey === "recommendation_ctr")!;
  console.log(`demo ranking experiment: ${ctr.summaries.map((s) => `${s.key} ${s.sum}/${s.denominatorSum}`).join(", ")}`);
  for (const r of rows) expect(ctr.summaries.find((s) => s.key === r.variantKey)).toMatchObject({ denominatorSum: r.impressions, sum: r.clicked });
}, 120_000);
