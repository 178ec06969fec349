// Recommendations through the real route handlers and database: no model yet (404), training through the API (API
// key and admin session) with its evaluation and stored manifest, served top items for a known user, cold start,
// exclusions, a version that did not beat the baseline (409), the daily job, and erasure of a user's factors.
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { auditLog, jobRuns, personalizationModels, personalizationUserFactors } from "@/db/schema";
import * as recommendations from "@/app/api/v1/recommendations/route";
import * as train from "@/app/api/v1/recommendations/train/route";
import * as models from "@/app/api/v1/recommendations/models/route";
import * as promote from "@/app/api/v1/recommendations/models/[version]/promote/route";
import { ingestBatch } from "@/lib/ingest/batch";
import { generateTasteData } from "@/lib/personalization/synthetic";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { personalizationTrain, PERSONALIZATION_TRAIN_REQUESTED } from "@/inngest/functions/personalization-train";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { floatsOf } from "@/lib/personalization/store/models";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const end = Date.now() - 60_000;
const data = generateTasteData({ users: 300, items: 160, topics: 4, interactionsPerUser: 20, seed: 3, end, days: 30 });
const topicOf = new Map(data.items.map((i) => [i.itemId, i.categories[0]]));
// A catalog item nobody interacts with before training: only the content model can recommend it.
const sameCreator = data.items.filter((i) => i.creator === data.items[0].creator).slice(0, 3);
const fresh = { itemId: "fresh-item", title: `${sameCreator[0].categories[0]} track fresh`, categories: sameCreator[0].categories, creator: sameCreator[0].creator };
topicOf.set(fresh.itemId, fresh.categories[0]);

async function ingest(projectId: string, batch: unknown[]) {
  for (let k = 0; k < batch.length; k += 1000) {
    const res = await ingestBatch(t.h.db, projectId, { batch: batch.slice(k, k + 1000) });
    expect(res.errors).toEqual([]);
  }
}

const ask = (body: unknown, headers = key()) => call(recommendations.POST, "/api/v1/recommendations", { method: "POST", headers, body });
const trainNow = (body: unknown = {}, opts: { headers?: Record<string, string>; as?: string } = { headers: key() }) =>
  call(train.POST, "/api/v1/recommendations/train", { method: "POST", body, ...opts });

beforeAll(async () => {
  const at = new Date(end - 31 * 86_400_000).toISOString();
  await ingest(
    t.org.project.id,
    [...data.items, fresh].map((i) => ({ id: `cat-${i.itemId}`, type: "item", timestamp: at, body: { itemId: i.itemId, title: i.title, categories: i.categories, creator: i.creator } })),
  );
  await ingest(
    t.org.project.id,
    data.interactions.map((r, k) => ({ id: `ix-${k}`, type: "interaction", timestamp: new Date(r.at).toISOString(), body: { userId: r.userId, itemId: r.itemId, type: r.type } })),
  );
}, 120_000);

describe("recommendations", () => {
  test("before any training the reply is a 404 that says how to train, not invented results", async () => {
    const res = await ask({ userId: "user-000001" });
    expect(res.status).toBe(404);
    expect(res.json.error.message).toMatch(/No recommendation model has been trained/);
  });

  test("training through the API stores a promoted version with its manifest, checksum and evaluation", async () => {
    const res = await trainNow();
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const e = res.json.evaluation;
    console.log(`API training: ${res.json.manifest.users} users × ${res.json.manifest.items} items, ${res.json.manifest.interactions} interactions, ${res.json.manifest.trainingMs} ms; ndcg ratio ${e.ndcgRatio}`);
    // ALS and BPR were both trained on the same holdout; the better by NDCG@10 is the version (BPR adds a bias column).
    const c = e.candidates;
    expect(Object.keys(c).sort()).toEqual(["als", "bpr"]);
    const algorithm = c.bpr.ndcgAt10 > c.als.ndcgAt10 ? "bpr" : "als";
    const dimension = algorithm === "bpr" ? 33 : 32;
    expect(res.json).toMatchObject({ modelVersion: 1, promoted: true, manifest: { algorithm, dimension, users: 300 } });
    expect(res.json.manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    // The content model embedded the whole catalog, the untouched item included; the evaluation measures content,
    // hybrid and hybrid + MMR next to the collaborative models, with intra-list diversity.
    expect(res.json.manifest.content).toEqual({ embedder: "content-v1", dimension: 256, items: 161 });
    for (const m of [e.content, e.hybrid, e.hybridMmr, e.model, e.popularity]) expect(m.diversity).toBeGreaterThan(0);
    expect(e.hybridMmr).toMatchObject({ lambda: 0.7 });
    expect(e.hybridMmr.diversity).toBeGreaterThan(e.hybrid.diversity);
    expect(e.model.ndcgAt10).toBeGreaterThan(e.popularity.ndcgAt10);
    expect(e.beatsBaseline).toBe(true);
    const [row] = await t.h.db.select().from(personalizationModels).where(eq(personalizationModels.projectId, t.org.project.id));
    expect(row).toMatchObject({ version: 1, promoted: true, algorithm });
    const users = await t.h.db.select().from(personalizationUserFactors).where(eq(personalizationUserFactors.modelId, row.id));
    expect(users).toHaveLength(300);
    expect(floatsOf(users[0].factors)).toHaveLength(dimension);
    expect(floatsOf(row.itemFactors)).toHaveLength(row.itemIds.length * dimension);
    // The run is in the job ledger like the daily job's.
    const runs = await t.h.db.select().from(jobRuns).where(and(eq(jobRuns.projectId, t.org.project.id), eq(jobRuns.functionId, "personalization-train")));
    expect(runs.map((r) => r.status)).toEqual(["succeeded"]);
  }, 60_000);

  test("a known user gets unseen items, mostly of their own taste, best first; exclude is honoured", async () => {
    const userId = "user-000007";
    const mine = data.interactions.filter((r) => r.userId === userId);
    const touched = new Set(mine.map((r) => r.itemId));
    const counts = new Map<string, number>();
    for (const r of mine) counts.set(topicOf.get(r.itemId)!, (counts.get(topicOf.get(r.itemId)!) ?? 0) + 1);
    const favourite = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    // λ = 1: ranked by the blended relevance alone, so scores fall.
    const res = await ask({ userId, limit: 5, mmrLambda: 1 });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.modelVersion).toBe(1);
    expect(res.json.items).toHaveLength(5);
    // About 16 liked items: the collaborative side carries most of the weight (α = n / (n + 5)).
    expect(res.json.ranking.collaborativeWeight).toBeGreaterThan(0.7);
    expect(res.json.ranking.mmrLambda).toBe(1);
    for (const item of res.json.items) {
      expect(touched.has(item.itemId)).toBe(false);
      expect(item.reasons).toContain("collaborative");
      expect(item.reasons).not.toContain("diversity");
    }
    const scores = res.json.items.map((i: { score: number }) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(res.json.items.filter((i: { itemId: string }) => topicOf.get(i.itemId) === favourite).length).toBeGreaterThanOrEqual(3);
    const first = res.json.items[0].itemId;
    const without = await ask({ userId, limit: 5, exclude: [first], mmrLambda: 1 });
    expect(without.json.items.map((i: { itemId: string }) => i.itemId)).not.toContain(first);
    expect(without.json.items[0].itemId).toBe(res.json.items[1].itemId);
  });

  test("a lower MMR λ serves a list spanning more tastes, and says which items diversity placed", async () => {
    const userId = "user-000007";
    const topics = (items: { itemId: string }[]) => new Set(items.map((i) => topicOf.get(i.itemId))).size;
    const focused = await ask({ userId, limit: 8, mmrLambda: 1 });
    const diverse = await ask({ userId, limit: 8, mmrLambda: 0.2 });
    expect(diverse.status).toBe(200);
    expect(topics(diverse.json.items)).toBeGreaterThan(topics(focused.json.items));
    expect(diverse.json.items.some((i: { reasons: string[] }) => i.reasons.includes("diversity"))).toBe(true);
    // Without λ the version's trained default applies.
    expect((await ask({ userId, limit: 8 })).json.ranking.mmrLambda).toBe(0.7);
  });

  test("a user the collaborative model has never seen, with three likes, is served by the content model, which reaches an item nobody touched", async () => {
    const userId = "newcomer-after-training";
    await ingest(
      t.org.project.id,
      sameCreator.map((i, k) => ({ id: `newcomer-${k}`, type: "interaction", timestamp: new Date(end - 1000 + k).toISOString(), body: { userId, itemId: i.itemId, type: "like" } })),
    );
    const res = await ask({ userId, limit: 10, mmrLambda: 1 });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.ranking.collaborativeWeight).toBe(0);
    const ids = res.json.items.map((i: { itemId: string }) => i.itemId);
    expect(ids).toContain(fresh.itemId);
    for (const i of sameCreator) expect(ids).not.toContain(i.itemId);
    for (const item of res.json.items) expect(item.reasons).toEqual(["content"]);
    expect(res.json.items.filter((i: { itemId: string }) => topicOf.get(i.itemId) === fresh.categories[0]).length).toBeGreaterThanOrEqual(8);
  });

  test("an unknown user gets the most popular items, marked popular (cold start)", async () => {
    const res = await ask({ userId: "brand-new-user", limit: 3 });
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(3);
    expect(res.json.items.every((i: { reasons: string[] }) => i.reasons.join() === "popular")).toBe(true);
    expect(res.json.items[0].score).toBe(1);
  });

  test("members with read access may ask, only admins (or a key) may train; bodies are validated", async () => {
    expect((await call(recommendations.POST, "/x", { method: "POST", as: t.org.users.viewer.id, body: { userId: "user-000001" } })).status).toBe(200);
    expect((await call(recommendations.POST, "/x", { method: "POST", as: t.org.users.member.id, body: { userId: "user-000001" } })).status).toBe(403);
    expect((await trainNow({}, { as: t.org.users.analyst.id })).status).toBe(403);
    expect((await ask({ userId: "" })).status).toBe(400);
    expect((await ask({ userId: "u", limit: 1000 })).status).toBe(400);
    expect((await trainNow({ learningRate: 3 })).status).toBe(400);
    const admin = await trainNow({ iterations: 5 }, { as: t.org.users.admin.id });
    expect(admin.status, JSON.stringify(admin.json)).toBe(200);
    expect(admin.json.modelVersion).toBe(2);
    expect((await ask({ userId: "user-000001" })).json.modelVersion).toBe(admin.json.promoted ? 2 : 1);
  }, 60_000);

  test("the daily job trains every project with interactions; erasing a user removes their factors", async () => {
    const runner = new EmbeddedRunner(t.h.db, [personalizationTrain], { log: () => {} });
    await runner.send({ name: PERSONALIZATION_TRAIN_REQUESTED, data: {}, id: "daily-test" });
    await runner.drain();
    const [run] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.idempotencyKey, "daily-test"));
    expect(run?.status).toBe("succeeded");
    const versions = await t.h.db.select().from(personalizationModels).where(eq(personalizationModels.projectId, t.org.project.id));
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2, 3]);
    expect(versions.filter((v) => v.promoted)).toHaveLength(1);
    await deleteEndUser(t.h.db, t.org.project.id, "user-000007");
    const left = await t.h.db.select().from(personalizationUserFactors).where(and(eq(personalizationUserFactors.projectId, t.org.project.id), eq(personalizationUserFactors.userId, "user-000007")));
    expect(left).toEqual([]);
    // Once erased, the user is unknown to the model: cold start.
    expect((await ask({ userId: "user-000007", limit: 2 })).json.items[0].reasons).toEqual(["popular"]);
  }, 120_000);
});

describe("model versions", () => {
  test("are listed with their evaluation, and an admin or a key can roll back to a kept version (audited)", async () => {
    const list = await call(models.GET, "/api/v1/recommendations/models", { headers: key() });
    expect(list.status).toBe(200);
    expect(list.json.data.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(list.json.data[0]).toMatchObject({ evaluation: { k: 10 } });
    expect(list.json.data[0].manifest.algorithm).toBe(list.json.data[0].algorithm);
    expect(list.json.data[0].manifest.dimension).toBe(list.json.data[0].algorithm === "bpr" ? 33 : 32);
    expect(list.json.data[0].itemFactors).toBeUndefined();
    expect(list.json.deadLetters).toEqual({ pending: 0, recovered: 0, failed: 0 });
    const serving = list.json.data.find((v: { promoted: boolean }) => v.promoted).version;

    const promoteAs = (version: string, opts: { as?: string; headers?: Record<string, string> }) =>
      call(promote.POST, `/api/v1/recommendations/models/${version}/promote`, { method: "POST", params: { version }, ...opts });
    expect((await promoteAs("1", { as: t.org.users.analyst.id })).status).toBe(403);
    expect((await promoteAs("99", { headers: key() })).status).toBe(404);
    expect((await promoteAs("abc", { headers: key() })).status).toBe(404);
    const res = await promoteAs("1", { as: t.org.users.admin.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toEqual({ version: 1, previous: serving });
    expect((await ask({ userId: "user-000001" })).json.modelVersion).toBe(1);
    const audit = await t.h.db.select().from(auditLog).where(and(eq(auditLog.projectId, t.org.project.id), eq(auditLog.action, "personalization.model_promoted")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetId: "1", details: { previous: serving } });
  });
});

describe("a project whose model cannot be shown to beat popularity", () => {
  test("training refuses an empty project, stores an unpromoted version, and serving answers 409", async () => {
    const other = await seedOrg(t.h.db);
    const otherKey = bearer(other.apiKey.secretKey);
    const empty = await trainNow({}, { headers: otherKey });
    expect(empty.status).toBe(409);
    expect(empty.json.error.message).toMatch(/Nothing to train on yet/);
    const at = "2026-11-20T10:00:00Z";
    await ingest(other.project.id, ["a", "b"].map((itemId) => ({ id: `c-${itemId}`, type: "item", timestamp: at, body: { itemId } })));
    // Two users with two liked items each: nobody has the three distinct positives a holdout needs.
    await ingest(
      other.project.id,
      [["u1", "a"], ["u1", "b"], ["u2", "a"], ["u2", "b"]].map(([userId, itemId], k) => ({ id: `x-${k}`, type: "interaction", timestamp: at, body: { userId, itemId, type: "like" } })),
    );
    const res = await trainNow({}, { headers: otherKey });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ modelVersion: 1, promoted: false });
    expect(res.json.reason).toMatch(/no user has enough interactions to evaluate it/);
    const served = await ask({ userId: "u1" }, otherKey);
    expect(served.status).toBe(409);
    expect(served.json.error.message).toMatch(/none has beaten the popularity baseline/);
  }, 60_000);
});
