// The serving fast path (sparse content rows, precomputed skip mask, typed-array MMR) against the dense reference on
// a generated catalog and generated users: the same items in the same order with the same scores, for every control.
import { describe, expect, test } from "vitest";
import { rng } from "@/lib/primitives/random";
import { scoreAll } from "./als";
import { embedCatalog, itemSimilarity, userContentVector, type CatalogItem } from "./content";
import { interactionWeight } from "./feedback";
import { collaborativeWeight, DEFAULT_HYBRID_PARAMS, mmr, rankHybrid, type Admit } from "./hybrid";
import { controlsFor, type ItemMeta } from "./ranking-controls";
import { prepareServingModel, rankForUser, type RankRequest } from "./serving-model";
import { sparseRows, sparseScoreAll, sparseUserVector } from "./sparse-rows";
import { generateTasteData } from "./synthetic";
import type { ServingModel } from "./store/models";
import type { ServingUser } from "./store/serving-user";

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T00:00:00Z");

/** 240 generated items, some with text, tags or a numeric attribute (denser rows), one with nothing (a zero row). */
function generatedCase() {
  const random = rng(7);
  const data = generateTasteData({ users: 120, items: 240, topics: 6, interactionsPerUser: 15, seed: 3, end: NOW.getTime(), days: 30 });
  const catalog: CatalogItem[] = data.items.map((item, i) =>
    i === 17
      ? { itemId: item.itemId }
      : {
          ...item,
          ...(i % 3 === 0 ? { text: `a ${item.categories[0]} piece with ${["strings", "drums", "voice", "brass"][i % 4]} and a long tail of words ${i % 11}` } : {}),
          ...(i % 4 === 0 ? { tags: [`mood-${i % 5}`, `era-${i % 3}`] } : {}),
          ...(i % 5 === 0 ? { attributes: { minutes: 2 + (i % 9) } } : {}),
        },
  );
  // Collaborative items 0-199 and content items 40-239: some items are known to one model only.
  const content = embedCatalog(catalog.slice(40));
  const cfIds = data.items.slice(0, 200).map((i) => i.itemId);
  const dimension = 8;
  const model: ServingModel = {
    id: "v1",
    version: 1,
    dimension,
    itemIds: cfIds,
    itemFactors: Float32Array.from({ length: cfIds.length * dimension }, () => random() - 0.5),
    itemPopularity: cfIds.map(() => Math.floor(random() * 50)),
    params: {},
    content,
  };
  const meta = new Map<string, ItemMeta>(
    data.items.map((item, i) => [item.itemId, { categories: item.categories, creator: i % 13 === 0 ? null : item.creator, publishedAt: i % 6 === 0 ? null : NOW.getTime() - (i % 40) * DAY }]),
  );
  const histories = new Map<string, ServingUser["history"]>();
  for (const r of data.interactions) {
    const list = histories.get(r.userId) ?? [];
    list.push({ itemId: r.itemId, type: r.type, value: r.value ?? null });
    histories.set(r.userId, list);
  }
  const users: ServingUser[] = [...histories.values()].map((history, u) => ({
    // A third of the users are unknown to the collaborative model; a few have no history the content model reads.
    factors: u % 3 === 0 ? null : Float32Array.from({ length: dimension }, () => random() - 0.5),
    history: u % 17 === 0 ? [] : history,
  }));
  return { model, meta, users };
}

/** The ranking as serving computed it before the fast path: dense dot products, a Set of excluded ids, closures. */
function referenceRanking(model: ServingModel, { factors: user, history }: ServingUser, req: RankRequest) {
  const allIds = [...new Set([...model.itemIds, ...(model.content?.itemIds ?? [])])];
  const cfRow = allIds.map((id) => model.itemIds.indexOf(id));
  const contentRow = allIds.map((id) => model.content?.itemIds.indexOf(id) ?? -1);
  const net = new Map<string, number>();
  for (const h of history) net.set(h.itemId, (net.get(h.itemId) ?? 0) + interactionWeight(h.type, h.value));
  const content = model.content!;
  const taste = userContentVector(content, [...net].map(([id, w]) => [content.itemIds.indexOf(id), w] as [number, number]));
  const excluded = new Set([...history.map((h) => h.itemId), ...req.exclude]);
  const cfRaw = user ? scoreAll(user, model.itemFactors, model.dimension) : null;
  const contentRaw = taste ? scoreAll(taste, content.vectors, content.dimension) : null;
  const cf = cfRaw ? Float64Array.from(allIds, (_, i) => (cfRow[i] >= 0 ? cfRaw[cfRow[i]] : NaN)) : null;
  const contentScores = contentRaw ? Float64Array.from(allIds, (_, i) => (contentRow[i] >= 0 ? contentRaw[contentRow[i]] : NaN)) : null;
  const liked = [...net.values()].filter((w) => w > 0).length;
  const alpha = cf ? (contentScores ? (req.variant.alpha ?? collaborativeWeight(liked, true, DEFAULT_HYBRID_PARAMS)) : 1) : 0;
  const { controls, outOfCategory } = req.meta ? controlsFor(allIds, req.meta, req.controls, req.categories, req.now.getTime()) : { controls: {}, outOfCategory: null };
  const ranked = rankHybrid({
    cf,
    content: contentScores,
    items: allIds.length,
    alpha,
    limit: req.limit,
    skip: (i) => excluded.has(allIds[i]) || (outOfCategory?.(i) ?? false),
    controls,
    similarity: (a, b) => (contentRow[a] < 0 || contentRow[b] < 0 ? 0 : itemSimilarity(content, contentRow[a], contentRow[b])),
    params: { mmrLambda: req.variant.mmrLambda ?? req.mmrLambda ?? DEFAULT_HYBRID_PARAMS.mmrLambda, candidatePool: DEFAULT_HYBRID_PARAMS.candidatePool },
  });
  return ranked.map((r) => ({ itemId: allIds[r.index], score: Math.round(r.score * 1e6) / 1e6 }));
}

/** MMR as it was written before the typed-array version: a list spliced per pick and a Map of penalties. */
function referenceMmr(candidates: readonly number[], relevance: (i: number) => number, similarity: (a: number, b: number) => number, lambda: number, k: number, admit?: Admit) {
  const left = [...candidates];
  const picked: number[] = [];
  const maxSim = new Map<number, number>(left.map((i) => [i, -Infinity]));
  while (picked.length < k && left.length) {
    let best = -1;
    let bestValue = -Infinity;
    for (let c = 0; c < left.length; c++) {
      if (admit && !admit(left[c], picked)) continue;
      const value = lambda * relevance(left[c]) - (1 - lambda) * (picked.length ? maxSim.get(left[c])! : 0);
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    if (best < 0) break;
    const [chosen] = left.splice(best, 1);
    picked.push(chosen);
    for (const i of left) maxSim.set(i, Math.max(maxSim.get(i)!, similarity(i, chosen)));
  }
  return picked;
}

describe("serving fast path", () => {
  const { model, meta, users } = generatedCase();
  const prepared = prepareServingModel(model);
  const base: RankRequest = { limit: 10, exclude: [], variant: {}, controls: {}, categories: [], meta: null, now: NOW };
  const cases: [string, Partial<RankRequest>][] = [
    ["defaults", {}],
    ["a long list, relevance alone", { limit: 40, mmrLambda: 1 }],
    ["strong diversity", { mmrLambda: 0.3 }],
    ["an experiment's α and λ", { variant: { alpha: 0.2, mmrLambda: 0.5 } }],
    ["excluded items", { exclude: model.itemIds.slice(40, 90) }],
    ["creator cap", { controls: { creatorCap: 1 }, meta, limit: 15 }],
    ["recency boost", { controls: { recencyBoost: 0.4, recencyHalfLifeDays: 5 }, meta }],
    ["category filter with a cap and a boost", { categories: ["jazz", "rock"], controls: { creatorCap: 2, recencyBoost: 0.2 }, meta }],
  ];

  test.each(cases)("%s: the same items, order and scores as the dense reference", (_, change) => {
    const req = { ...base, ...change };
    let compared = 0;
    for (const user of users) {
      if (!user.factors && !user.history.length) continue;
      const fast = rankForUser(prepared, user, req).items.map(({ itemId, score }) => ({ itemId, score }));
      expect(fast).toEqual(referenceRanking(model, user, req));
      compared += fast.length ? 1 : 0;
    }
    expect(compared).toBeGreaterThan(100);
  });

  test("sparse rows give the dense dot products exactly", () => {
    const content = model.content!;
    const rows = sparseRows(content.vectors, content.dimension);
    expect(rows.vals.length).toBeLessThan(content.vectors.length / 3);
    const random = rng(5);
    for (let t = 0; t < 20; t++) {
      const dense = Float64Array.from({ length: content.dimension }, () => (random() < 0.5 ? 0 : random() - 0.5));
      expect(sparseScoreAll(rows, dense)).toEqual(scoreAll(dense, content.vectors, content.dimension));
    }
  });

  test("a taste vector from sparse rows is the dense one bit for bit", () => {
    const content = model.content!;
    const rows = sparseRows(content.vectors, content.dimension);
    const random = rng(13);
    for (let t = 0; t < 50; t++) {
      // Negative and zero weights, repeated rows and items the content model does not know (−1).
      const weighted = Array.from({ length: 1 + Math.floor(random() * 25) }, () => [Math.max(-1, Math.floor(random() * (content.itemIds.length + 3)) - 3), Math.round((random() - 0.3) * 8) / 2] as [number, number]);
      expect(sparseUserVector(rows, weighted)).toEqual(userContentVector(content, weighted));
    }
    expect(sparseUserVector(rows, [[-1, 1], [3, 0]])).toBeNull();
  });

  test("MMR picks what the list-and-Map version picked, ties and creator caps included", () => {
    const random = rng(9);
    for (let t = 0; t < 200; t++) {
      const m = 1 + Math.floor(random() * 40);
      const candidates = Array.from({ length: m }, (_, c) => c * 3 + (t % 3));
      // Coarse values, so that ties in relevance and in similarity occur.
      const rel = new Map(candidates.map((i) => [i, Math.round(random() * 4) / 4]));
      const sim = (a: number, b: number) => ((a * 31 + b * 17 + t) % 5) / 4 - 0.25;
      const symmetric = (a: number, b: number) => sim(Math.min(a, b), Math.max(a, b));
      const admit: Admit | undefined = t % 2 ? (i, picked) => picked.filter((p) => p % 4 === i % 4).length < 2 : undefined;
      const lambda = [0, 0.3, 0.7, 1][t % 4];
      const k = 1 + Math.floor(random() * 12);
      expect(mmr(candidates, (i) => rel.get(i)!, symmetric, lambda, k, admit)).toEqual(referenceMmr(candidates, (i) => rel.get(i)!, symmetric, lambda, k, admit));
    }
  });
});
