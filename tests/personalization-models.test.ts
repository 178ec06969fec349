// Stored model versions: numbered per project, one promoted at a time, the promoted one, the one served before it and
// the five newest kept (older ones pruned with their user factors), factors read back bit for bit; serving, which
// keeps the promoted version and the settings in process, sees a promotion or a settings change on its next call.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import * as recommendations from "@/app/api/v1/recommendations/route";
import * as promote from "@/app/api/v1/recommendations/models/[version]/promote/route";
import * as settings from "@/app/api/v1/recommendations/settings/route";
import { personalizationModels, personalizationUserFactors } from "@/db/schema";
import { listModelVersions, loadServingModel, loadUserFactors, promotedVersion, saveModelVersion } from "@/lib/personalization/store/models";
import { DEFAULT_TRAINING_PARAMS, type TrainedModel } from "@/lib/personalization/train";

const t = seededDatabase();

function fakeModel(seed: number): TrainedModel {
  const dimension = 3;
  const metrics = { ndcgAt10: 0.2, recallAt10: 0.3, hitRate: 0.5, userCoverage: 1, itemCoverage: 0.5, users: 2 };
  return {
    userIds: ["u1", "u2"],
    itemIds: ["a", "b"],
    userFactors: Float32Array.from({ length: 6 }, (_, k) => seed + k / 10),
    itemFactors: Float32Array.from({ length: 6 }, (_, k) => -seed - k / 7),
    itemPopularity: [3, 1],
    // Content vectors cover a catalog item ("c") the collaborative side has no factors for.
    content: { itemIds: ["a", "b", "c"], dimension: 2, vectors: Float32Array.from([1, 0, 0.6, 0.8, 0, -seed]) },
    manifest: {
      algorithm: "als",
      users: 2,
      items: 2,
      interactions: 4,
      dimension,
      sha256: "0".repeat(64),
      params: DEFAULT_TRAINING_PARAMS,
      content: { embedder: "content-v1", dimension: 2, items: 3 },
      trainingMs: 1,
    },
    evaluation: { k: 10, holdoutFraction: 0.2, model: metrics, popularity: metrics, ndcgRatio: 1, beatsBaseline: false },
  };
}

test("versions are numbered, one is promoted, the promoted and the five newest are kept, factors round-trip", async () => {
  const p = t.org.project.id;
  for (let v = 1; v <= 7; v++) {
    const saved = await saveModelVersion(t.h.db, p, fakeModel(v), v === 2);
    expect(saved.version).toBe(v);
  }
  const versions = await listModelVersions(t.h.db, p);
  expect(versions.map((v) => [v.version, v.promoted])).toEqual([[7, false], [6, false], [5, false], [4, false], [3, false], [2, true]]);
  expect(await promotedVersion(t.h.db, p)).toMatchObject({ version: 2 });
  // Version 1's user factors went with it.
  const ids = new Set((await t.h.db.select({ id: personalizationModels.id }).from(personalizationModels).where(eq(personalizationModels.projectId, p))).map((r) => r.id));
  const factorRows = await t.h.db.select({ modelId: personalizationUserFactors.modelId }).from(personalizationUserFactors).where(eq(personalizationUserFactors.projectId, p));
  expect(factorRows).toHaveLength(12);
  expect(factorRows.every((r) => ids.has(r.modelId))).toBe(true);
  const served = (await loadServingModel(t.h.db, p, versions[5].id))!;
  expect([...served.itemFactors]).toEqual([...fakeModel(2).itemFactors]);
  expect(served).toMatchObject({ version: 2, dimension: 3, itemIds: ["a", "b"], itemPopularity: [3, 1] });
  expect(served.content).toMatchObject({ itemIds: ["a", "b", "c"], dimension: 2 });
  expect([...served.content!.vectors]).toEqual([...fakeModel(2).content!.vectors]);
  expect(served.params).toMatchObject({ mmrLambda: DEFAULT_TRAINING_PARAMS.mmrLambda });
  expect([...(await loadUserFactors(t.h.db, p, versions[5].id, "u2"))!]).toEqual([...fakeModel(2).userFactors.slice(3, 6)]);
  expect(await loadUserFactors(t.h.db, p, versions[5].id, "nobody")).toBeNull();
  // A later promoted version takes over; the one served before it stays for rollback, however old.
  await saveModelVersion(t.h.db, p, fakeModel(8), true);
  expect((await listModelVersions(t.h.db, p)).map((v) => [v.version, v.promoted])).toEqual([[8, true], [7, false], [6, false], [5, false], [4, false], [2, false]]);
  await saveModelVersion(t.h.db, p, fakeModel(9), false);
  expect((await listModelVersions(t.h.db, p)).map((v) => v.version)).toEqual([9, 8, 7, 6, 5, 2]);
});

test("a promotion or a settings change is served on the very next recommendation of the same process", async () => {
  const org = await seedOrg(t.h.db);
  const p = org.project.id;
  const headers = bearer(org.apiKey.secretKey);
  const ask = () => call(recommendations.POST, "/api/v1/recommendations", { method: "POST", headers, body: { userId: "u1" } });
  await saveModelVersion(t.h.db, p, fakeModel(1), true);
  await saveModelVersion(t.h.db, p, fakeModel(2), false);
  expect((await ask()).json).toMatchObject({ modelVersion: 1 });
  expect((await ask()).json.ranking.creatorCap).toBeUndefined();
  const promoted = await call(promote.POST, "/api/v1/recommendations/models/2/promote", { method: "POST", headers, params: { version: "2" } });
  expect(promoted.status, JSON.stringify(promoted.json)).toBe(200);
  expect((await ask()).json).toMatchObject({ modelVersion: 2 });
  const saved = await call(settings.PUT, "/api/v1/recommendations/settings", { method: "PUT", headers, body: { ranking: { creatorCap: 2 } } });
  expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  expect((await ask()).json).toMatchObject({ modelVersion: 2, ranking: { creatorCap: 2 } });
});
