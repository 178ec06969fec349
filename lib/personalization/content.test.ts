// The content model and hybrid ranking on small catalogs with known answers: labels weighted by rarity, numeric
// attributes, a user's taste vector reaching an item nobody touched, the α blend, MMR and intra-list diversity.
import { describe, expect, test } from "vitest";
import { CONTENT_EMBEDDER, embedCatalog, itemSimilarity, userContentVector, type CatalogItem } from "./content";
import { calibrate, collaborativeWeight, intraListDiversity, mmr, rankHybrid } from "./hybrid";

const catalog: CatalogItem[] = [
  { itemId: "a", kind: "track", title: "Blue in green", categories: ["jazz"], tags: ["piano", "modal"], creator: "miles" },
  { itemId: "b", kind: "track", title: "So what", categories: ["jazz"], tags: ["modal", "trumpet"], creator: "miles" },
  { itemId: "c", kind: "track", title: "Paranoid android", categories: ["rock"], tags: ["guitar"], creator: "radiohead" },
  { itemId: "d", kind: "track", title: "Karma police", categories: ["rock"], tags: ["guitar", "piano"], creator: "radiohead" },
  // Nobody has touched e yet: it shares only its category and a tag with a and b.
  { itemId: "e", kind: "track", title: "Naima", categories: ["jazz"], tags: ["modal"], creator: "coltrane" },
];

describe("the content model", () => {
  test("items of the same category, tags and creator are closer than items of another; rows are unit vectors of the documented dimension", () => {
    const c = embedCatalog(catalog);
    expect(c.dimension).toBe(CONTENT_EMBEDDER.dimension);
    expect(c.vectors).toHaveLength(5 * 256);
    for (let i = 0; i < 5; i++) expect(itemSimilarity(c, i, i)).toBeCloseTo(1, 5);
    expect(itemSimilarity(c, 0, 1)).toBeGreaterThan(itemSimilarity(c, 0, 2) + 0.2);
    expect(itemSimilarity(c, 2, 3)).toBeGreaterThan(itemSimilarity(c, 1, 3) + 0.2);
    expect(itemSimilarity(c, 4, 1)).toBeGreaterThan(itemSimilarity(c, 4, 2));
    // The same catalog gives the same vectors (hashing, no randomness).
    expect([...embedCatalog(catalog).vectors]).toEqual([...c.vectors]);
  });

  test("a label every item carries says nothing; numeric attributes count as z-scores", () => {
    const plain = embedCatalog([{ itemId: "x", kind: "song" }, { itemId: "y", kind: "song" }]);
    // Only the shared kind: IDF 0, so the vectors are empty and unrelated.
    expect(itemSimilarity(plain, 0, 1)).toBe(0);
    const numbers = embedCatalog([
      { itemId: "x", attributes: { tempo: 60 } },
      { itemId: "y", attributes: { tempo: 62 } },
      { itemId: "z", attributes: { tempo: 180 } },
    ]);
    expect(itemSimilarity(numbers, 0, 1)).toBeGreaterThan(0.9);
    expect(itemSimilarity(numbers, 0, 2)).toBeLessThan(0);
  });

  test("a user who liked jazz and disliked rock is closest to the jazz item nobody has touched", () => {
    const c = embedCatalog(catalog);
    const taste = userContentVector(c, [[0, 3], [1, 1], [2, -3]])!;
    const score = (i: number) => taste.reduce((s, x, k) => s + x * c.vectors[i * c.dimension + k], 0);
    expect(score(4)).toBeGreaterThan(score(3));
    expect(score(4)).toBeGreaterThan(0);
    expect(userContentVector(c, [])).toBeNull();
    expect(userContentVector(c, [[0, 0]])).toBeNull();
  });
});

describe("hybrid ranking", () => {
  test("the collaborative weight grows with history and is 0 without a collaborative model", () => {
    expect(collaborativeWeight(0, true)).toBe(0);
    expect(collaborativeWeight(5, true, { historyHalfWeight: 5 })).toBe(0.5);
    expect(collaborativeWeight(45, true, { historyHalfWeight: 5 })).toBe(0.9);
    expect(collaborativeWeight(45, false)).toBe(0);
  });

  test("calibration maps each model's scores to [0, 1] over the candidates; the blend follows α", () => {
    expect([...calibrate(Float64Array.from([2, 4, 3, NaN]))]).toEqual([0, 1, 0.5, 0]);
    const cf = Float64Array.from([10, 0, 5]);
    const content = Float64Array.from([0, 1, 0.9]);
    const byCf = rankHybrid({ cf, content, items: 3, alpha: 0.9, limit: 3 });
    expect(byCf.map((r) => r.index)).toEqual([0, 2, 1]);
    const byContent = rankHybrid({ cf, content, items: 3, alpha: 0.1, limit: 3 });
    expect(byContent.map((r) => r.index)).toEqual([1, 2, 0]);
    expect(byContent[0]).toMatchObject({ score: 0.9, collaborative: 0, content: 0.9 });
    // Skipped items are neither ranked nor used for calibration.
    expect(rankHybrid({ cf, content: null, items: 3, alpha: 0.5, limit: 3, skip: (i) => i === 0 }).map((r) => [r.index, r.score])).toEqual([[2, 1], [1, 0]]);
  });

  test("MMR trades relevance for diversity: λ = 1 keeps the ranking, lower λ brings in the other group", () => {
    // Items 0..3 are near-duplicates (group A), 4..5 group B; relevance falls with the index.
    const group = (i: number) => (i < 4 ? 0 : 1);
    const sim = (a: number, b: number) => (group(a) === group(b) ? 0.95 : 0);
    const rel = (i: number) => 1 - i * 0.05;
    const all = [0, 1, 2, 3, 4, 5];
    expect(mmr(all, rel, sim, 1, 3)).toEqual([0, 1, 2]);
    expect(mmr(all, rel, sim, 0.7, 3)).toEqual([0, 4, 1]);
    expect(intraListDiversity([0, 4, 1], sim)).toBeGreaterThan(intraListDiversity([0, 1, 2], sim));
    expect(intraListDiversity([0, 1, 2], sim)).toBeCloseTo(0.05, 10);
    expect(intraListDiversity([0], sim)).toBe(0);
    // rankHybrid calibrates relevance to [0, 1] first (item 4 drops to 0.2), so the same effect needs a lower λ there.
    const diverse = rankHybrid({ cf: Float64Array.from(all.map(rel)), items: 6, alpha: 1, limit: 3, similarity: sim, params: { mmrLambda: 0.5, candidatePool: 2 } });
    expect(diverse.map((r) => r.index)).toEqual([0, 4, 1]);
  });
});
