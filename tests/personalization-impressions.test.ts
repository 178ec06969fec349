// Impressions and ranking experiments through the real route handlers and database: every served list is logged with
// an impressionId that clicks name; click-through is counted per model version and variant (only clicks of the same
// user on a served item, of a click type); a running experiment's variant parameters rank the list (α, MMR λ) and
// expose the user; the experiment's click-through metric (recommendation_ctr) is read from impressions by the results
// job and equals a count from the raw rows; a stopped experiment serves the defaults; erasure removes impressions.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { rng } from "./support/experiments";
import { experimentExposures, personalizationImpressions, personalizationInteractions } from "@/db/schema";
import * as recommendations from "@/app/api/v1/recommendations/route";
import * as train from "@/app/api/v1/recommendations/train/route";
import * as experimentsList from "@/app/api/v1/experiments/route";
import * as status from "@/app/api/v1/experiments/[key]/status/route";
import * as results from "@/app/api/v1/experiments/[key]/results/route";
import { ingestBatch } from "@/lib/ingest/batch";
import { generateTasteData } from "@/lib/personalization/synthetic";
import { clickThrough, insertImpression, type ImpressionRow } from "@/lib/personalization/store/impressions";
import { assignVariant } from "@/lib/experiments/assignment";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { experimentResults as resultsJob, EXPERIMENT_RESULTS_REQUESTED } from "@/inngest/functions/experiment-results";
import type { ExperimentResultsSnapshot } from "@/lib/experiments/results-types";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const end = Date.now() - 60_000;
const data = generateTasteData({ users: 200, items: 120, topics: 4, interactionsPerUser: 20, seed: 5, end, days: 30 });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function ingest(batch: unknown[]) {
  const errors = [];
  for (let k = 0; k < batch.length; k += 1000) errors.push(...(await ingestBatch(t.h.db, t.org.project.id, { batch: batch.slice(k, k + 1000) })).errors);
  return errors;
}

const ask = (body: unknown) => call(recommendations.POST, "/api/v1/recommendations", { method: "POST", headers: key(), body });
let clickSeq = 0;
const interaction = (userId: string, itemId: string, type: string, impressionId?: string) => ({
  id: `click-${clickSeq++}`,
  type: "interaction",
  timestamp: new Date().toISOString(),
  body: { userId, itemId, type, ...(impressionId ? { impressionId } : {}) },
});

beforeAll(async () => {
  const at = new Date(end - 31 * 86_400_000).toISOString();
  expect(await ingest(data.items.map((i) => ({ id: `cat-${i.itemId}`, type: "item", timestamp: at, body: { itemId: i.itemId, title: i.title, categories: i.categories, creator: i.creator } })))).toEqual([]);
  expect(await ingest(data.interactions.map((r, k) => ({ id: `ix-${k}`, type: "interaction", timestamp: new Date(r.at).toISOString(), body: { userId: r.userId, itemId: r.itemId, type: r.type } })))).toEqual([]);
  const trained = await call(train.POST, "/api/v1/recommendations/train", { method: "POST", body: {}, headers: key() });
  expect(trained.status, JSON.stringify(trained.json)).toBe(200);
  expect(trained.json.promoted).toBe(true);
}, 120_000);

describe("impressions", () => {
  test("a served list is logged with its items, model version and ranking, and its id is returned", async () => {
    const res = await ask({ userId: "user-000003", limit: 4 });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.impressionId).toMatch(UUID);
    expect(res.json.variant).toBeUndefined();
    expect(res.json.experiment).toBeUndefined();
    expect(res.json.ranking.source).toBe("default");
    const [row] = await t.h.db.select().from(personalizationImpressions).where(eq(personalizationImpressions.id, res.json.impressionId));
    expect(row).toMatchObject({
      projectId: t.org.project.id,
      userId: "user-000003",
      modelVersion: res.json.modelVersion,
      experimentId: null,
      variantKey: null,
      itemIds: res.json.items.map((i: { itemId: string }) => i.itemId),
      ranking: res.json.ranking,
    });
    // The popularity fallback is an impression too.
    const cold = await ask({ userId: "nobody-knows-me", limit: 3 });
    expect(cold.json.items[0].reasons).toEqual(["popular"]);
    const [coldRow] = await t.h.db.select().from(personalizationImpressions).where(eq(personalizationImpressions.id, cold.json.impressionId));
    expect(coldRow.ranking).toEqual({ source: "popular" });
  });

  test("click-through counts a click of the same user on a served item; views, other users' and other items' interactions do not", async () => {
    const userId = "user-000011";
    const before = await clickThrough(t.h.db, t.org.project.id, { from: new Date(0), to: new Date(Date.now() + 3_600_000) });
    const a = await ask({ userId, limit: 3 });
    const b = await ask({ userId, limit: 3, exclude: a.json.items.map((i: { itemId: string }) => i.itemId) });
    const c = await ask({ userId, limit: 3, exclude: [...a.json.items, ...b.json.items].map((i: { itemId: string }) => i.itemId) });
    const served = (r: typeof a) => r.json.items.map((i: { itemId: string }) => i.itemId) as string[];
    const notServed = data.items.map((i) => i.itemId).find((id) => ![...served(a), ...served(b), ...served(c)].includes(id))!;
    const errors = await ingest([
      interaction(userId, served(a)[1], "click", a.json.impressionId), // counts
      interaction(userId, served(a)[2], "purchase", a.json.impressionId), // same impression: still one clicked impression
      interaction(userId, served(b)[0], "view", b.json.impressionId), // a view is not a click
      interaction("user-000012", served(c)[0], "click", c.json.impressionId), // another user's click on it
      interaction(userId, notServed, "click", c.json.impressionId), // an item the list did not hold
    ]);
    expect(errors).toEqual([]);
    // A malformed impression id is refused per item, naming the field.
    const bad = await ingest([interaction(userId, served(a)[0], "click", "not-a-uuid")]);
    expect(bad).toHaveLength(1);
    expect(JSON.stringify(bad[0])).toMatch(/impressionId/);
    const stored = await t.h.db.select().from(personalizationInteractions).where(and(eq(personalizationInteractions.projectId, t.org.project.id), eq(personalizationInteractions.impressionId, a.json.impressionId)));
    expect(stored).toHaveLength(2);
    const after = await clickThrough(t.h.db, t.org.project.id, { from: new Date(0), to: new Date(Date.now() + 3_600_000) });
    const row = (rows: typeof after) => rows.find((r) => r.experimentKey === null && r.modelVersion === a.json.modelVersion)!;
    expect(row(after).impressions - row(before).impressions).toBe(3);
    expect(row(after).clicked - row(before).clicked).toBe(1);
  });

  test("impressions of concurrent calls are written together, and a row that cannot be written fails only its own call", async () => {
    const p = t.org.project.id;
    const rows = (tag: string, n: number): ImpressionRow[] =>
      Array.from({ length: n }, (_, k) => ({ projectId: p, id: randomUUID(), userId: `${tag}-${k}`, servedAt: new Date(end), modelVersion: 990, experimentId: null, variantKey: null, itemIds: [`item-${k}`, "item-x"], ranking: { source: "default", k } }));
    const stored = (tag: string) =>
      t.h.db.select().from(personalizationImpressions).where(and(eq(personalizationImpressions.projectId, p), eq(personalizationImpressions.modelVersion, 990))).then((all) => all.filter((r) => r.userId.startsWith(`${tag}-`)));
    // 20 at once: the first is written alone, the other 19 wait for it and go in one statement (one transaction time).
    const together = rows("together", 20);
    await Promise.all(together.map((r) => insertImpression(t.h.db, r)));
    const written = await stored("together");
    expect(written.map((r) => r.id).sort()).toEqual(together.map((r) => r.id).sort());
    expect(written.find((r) => r.userId === "together-7")).toMatchObject({ itemIds: ["item-7", "item-x"], ranking: { source: "default", k: 7 }, servedAt: new Date(end), experimentId: null });
    expect(new Set(written.map((r) => r.loggedAt.getTime())).size).toBeLessThanOrEqual(2);
    // One row names an experiment that does not exist: its call fails, its neighbours in the batch are written.
    const mixed = rows("mixed", 12).map((r, k) => (k === 5 ? { ...r, experimentId: randomUUID() } : r));
    const settled = await Promise.allSettled(mixed.map((r) => insertImpression(t.h.db, r)));
    expect(settled.map((s) => s.status)).toEqual(mixed.map((_, k) => (k === 5 ? "rejected" : "fulfilled")));
    expect((await stored("mixed")).map((r) => r.id).sort()).toEqual(mixed.filter((_, k) => k !== 5).map((r) => r.id).sort());
  });

  test("concurrent calls, whose users are read in one statement, each get the list their user gets alone", async () => {
    const bodies = [
      ...["user-000001", "user-000002", "user-000040", "user-000041", "user-000150", "user-000199"].map((userId, k) => ({ userId, limit: 3 + k })),
      { userId: "user-000002", limit: 5, mmrLambda: 1 },
      { userId: "nobody-knows-them", limit: 4 },
    ];
    const listOf = (json: { items: unknown; modelVersion: number; ranking?: unknown }) => ({ items: json.items, modelVersion: json.modelVersion, ranking: json.ranking });
    const alone = [];
    for (const body of bodies) alone.push(await ask(body));
    const together = await Promise.all(bodies.map((body) => ask(body)));
    for (const [k, res] of together.entries()) {
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(listOf(res.json)).toEqual(listOf(alone[k].json));
    }
    expect(together.at(-1)!.json.items.every((i: { reasons: string[] }) => i.reasons.includes("popular"))).toBe(true);
    expect(new Set(together.map((r) => r.json.impressionId)).size).toBe(bodies.length);
  });
});

describe("a ranking experiment", () => {
  const variants = [
    { key: "focused", weight: 0.5, parameters: { mmrLambda: 1, alpha: 0.9, label: "not a ranking parameter" } },
    { key: "diverse", weight: 0.5, parameters: { mmrLambda: 0.3, alpha: 0.2 } },
  ];
  const users = Array.from({ length: 60 }, (_, i) => `user-${String(i + 20).padStart(6, "0")}`);
  const variantOf = (userId: string) => assignVariant({ key: "ranking-test", seed: "ranking-test", variants: variants.map((v) => v.key), weights: [0.5, 0.5] }, userId).variantKey!;
  let experimentId = "";
  const served: { userId: string; variant: string; impressionId: string; clicked: boolean }[] = [];

  test("started through the API, it ranks each user with their variant's parameters and exposes them", async () => {
    const created = await call(experimentsList.POST, "/api/v1/experiments", {
      method: "POST",
      as: t.org.users.admin.id,
      body: { key: "ranking-test", name: "Ranking: λ and α", variants, goalMetrics: ["recommendation_ctr"] },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    experimentId = created.json.experiment.id;
    // Draft: not running, so the defaults serve and nobody is exposed.
    const draft = await ask({ userId: users[0], limit: 5 });
    expect(draft.json.experiment).toBeUndefined();
    const started = await call(status.POST, "/x", { method: "POST", as: t.org.users.admin.id, params: { key: "ranking-test" }, body: { action: "start" } });
    expect(started.status, JSON.stringify(started.json)).toBe(200);

    const random = rng(17);
    for (const userId of users) {
      // No experimentKey: the project's running ranking experiment applies; the request's λ yields to the variant's.
      const res = await ask({ userId, limit: 5, mmrLambda: 0.5 });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const variant = variantOf(userId);
      expect(res.json.variant).toBe(variant);
      expect(res.json.experiment).toEqual({ key: "ranking-test", variant });
      const params = variants.find((v) => v.key === variant)!.parameters;
      expect(res.json.ranking).toEqual({ collaborativeWeight: params.alpha, mmrLambda: params.mmrLambda, source: "experiment" });
      if (variant === "focused") for (const i of res.json.items) expect(i.reasons).not.toContain("diversity");
      // Planted effect: diverse lists are clicked more often (60% against 25%).
      const clicked = random() < (variant === "diverse" ? 0.6 : 0.25);
      served.push({ userId, variant, impressionId: res.json.impressionId, clicked });
      if (clicked) expect(await ingest([interaction(userId, res.json.items[0].itemId, "click", res.json.impressionId)])).toEqual([]);
    }
    // A second list for a few users: more impressions, one exposure each.
    for (const userId of users.slice(0, 10)) {
      const res = await ask({ userId, limit: 5, experimentKey: "ranking-test" });
      served.push({ userId, variant: res.json.variant, impressionId: res.json.impressionId, clicked: false });
    }
    const exposures = await t.h.db.select().from(experimentExposures).where(eq(experimentExposures.experimentId, experimentId));
    expect(exposures).toHaveLength(users.length);
    for (const e of exposures) expect(e.variantKey).toBe(variantOf(e.userId));
    const rows = await t.h.db.select().from(personalizationImpressions).where(eq(personalizationImpressions.experimentId, experimentId));
    expect(rows).toHaveLength(served.length);
  }, 60_000);

  test("click-through per variant, from the impressions table and as the experiment's goal metric, matches the raw count", async () => {
    const expected = Object.fromEntries(
      variants.map((v) => {
        const mine = served.filter((s) => s.variant === v.key);
        return [v.key, { impressions: mine.length, clicked: mine.filter((s) => s.clicked).length }];
      }),
    );
    expect(expected.diverse.clicked / expected.diverse.impressions).toBeGreaterThan(expected.focused.clicked / expected.focused.impressions);
    const now = new Date(Date.now() + 3_600_000);
    const ctr = await clickThrough(t.h.db, t.org.project.id, { from: new Date(0), to: now });
    for (const v of variants) {
      expect(ctr.find((r) => r.experimentKey === "ranking-test" && r.variantKey === v.key)).toMatchObject(expected[v.key]);
    }
    const runner = new EmbeddedRunner(t.h.db, [resultsJob], { log: () => {} });
    await runner.send({ name: EXPERIMENT_RESULTS_REQUESTED, data: { projectId: t.org.project.id, experimentId, now: now.toISOString() }, id: `ranking-${now.toISOString()}` });
    await runner.drain();
    const got = await call(results.GET, "/x", { as: t.org.users.viewer.id, params: { key: "ranking-test" } });
    expect(got.status).toBe(200);
    const snapshot = got.json.results as ExperimentResultsSnapshot;
    const metric = snapshot.metrics.find((m) => m.metricKey === "recommendation_ctr")!;
    expect(metric.metricType).toBe("ratio");
    for (const v of variants) {
      const s = metric.summaries.find((x) => x.key === v.key)!;
      expect({ impressions: s.denominatorSum, clicked: s.sum }).toEqual(expected[v.key]);
    }
    expect(metric.analysis).not.toBeNull();
  }, 60_000);

  test("a click that arrives after a results run is picked up by the next (incremental) run", async () => {
    const late = served.find((s) => !s.clicked && s.variant === "focused")!;
    const [row] = await t.h.db.select().from(personalizationImpressions).where(eq(personalizationImpressions.id, late.impressionId));
    expect(await ingest([interaction(late.userId, row.itemIds[0], "like", late.impressionId)])).toEqual([]);
    const now = new Date(Date.now() + 2 * 3_600_000);
    const runner = new EmbeddedRunner(t.h.db, [resultsJob], { log: () => {} });
    await runner.send({ name: EXPERIMENT_RESULTS_REQUESTED, data: { projectId: t.org.project.id, experimentId, now: now.toISOString() }, id: `ranking-late-${now.toISOString()}` });
    await runner.drain();
    const got = await call(results.GET, "/x", { as: t.org.users.viewer.id, params: { key: "ranking-test" } });
    const snapshot = got.json.results as ExperimentResultsSnapshot;
    expect(snapshot.unitRefresh?.mode).toBe("incremental");
    const focused = snapshot.metrics.find((m) => m.metricKey === "recommendation_ctr")!.summaries.find((x) => x.key === "focused")!;
    expect(focused.sum).toBe(served.filter((s) => s.variant === "focused" && s.clicked).length + 1);
  }, 60_000);

  test("once stopped, the defaults serve; a product that still names it is told it is not in it", async () => {
    const stopped = await call(status.POST, "/x", { method: "POST", as: t.org.users.admin.id, params: { key: "ranking-test" }, body: { action: "stop" } });
    expect(stopped.status).toBe(200);
    const implicit = await ask({ userId: users[0], limit: 5, mmrLambda: 1 });
    expect(implicit.json.experiment).toBeUndefined();
    expect(implicit.json.ranking).toMatchObject({ mmrLambda: 1, source: "default" });
    const named = await ask({ userId: users[0], limit: 5, experimentKey: "ranking-test" });
    expect(named.json.experiment).toEqual({ key: "ranking-test", variant: null });
    expect(named.json.variant).toBeUndefined();
    const unknown = await ask({ userId: users[0], experimentKey: "no-such-experiment" });
    expect(unknown.status).toBe(404);
  });

  test("a variant parameter out of range is a 422 naming the experiment, variant and parameter", async () => {
    const created = await call(experimentsList.POST, "/api/v1/experiments", {
      method: "POST",
      as: t.org.users.admin.id,
      body: { key: "ranking-bad", name: "bad", variants: [{ key: "a", weight: 0.5, parameters: { mmrLambda: 2 } }, { key: "b", weight: 0.5, parameters: { mmrLambda: 2 } }], goalMetrics: ["recommendation_ctr"] },
    });
    expect(created.status).toBe(201);
    await call(status.POST, "/x", { method: "POST", as: t.org.users.admin.id, params: { key: "ranking-bad" }, body: { action: "start" } });
    const res = await ask({ userId: users[1], limit: 3 });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/ranking-bad.*variant "(a|b)".*mmrLambda/);
    await call(status.POST, "/x", { method: "POST", as: t.org.users.admin.id, params: { key: "ranking-bad" }, body: { action: "stop" } });
  });

  test("an impressions metric must be a ratio without events", async () => {
    const res = await call(experimentsList.POST, "/api/v1/experiments", {
      method: "POST",
      as: t.org.users.admin.id,
      body: { key: "ranking-metric", name: "m", variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }], goalMetrics: [{ key: "ctr", name: "CTR", type: "mean", impressions: {} }] },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toMatch(/impressions metric/);
  });

  test("erasing a user removes their impressions", async () => {
    const userId = users[2];
    expect((await t.h.db.select().from(personalizationImpressions).where(and(eq(personalizationImpressions.projectId, t.org.project.id), eq(personalizationImpressions.userId, userId)))).length).toBeGreaterThan(0);
    await deleteEndUser(t.h.db, t.org.project.id, userId);
    expect(await t.h.db.select().from(personalizationImpressions).where(and(eq(personalizationImpressions.projectId, t.org.project.id), eq(personalizationImpressions.userId, userId)))).toEqual([]);
  });
});

describe("which experiment ranks", () => {
  test("without an experimentKey, only an experiment that sets a ranking parameter and measures impressions", async () => {
    const { isRankingExperiment } = await import("@/lib/personalization/ranking-experiment");
    const { createExperimentSchema } = await import("@/lib/experiments/definition");
    const config = (parameters: Record<string, unknown>, goalMetrics: string[]) =>
      createExperimentSchema.parse({ key: "x", name: "x", variants: [{ key: "a", weight: 0.5, parameters }, { key: "b", weight: 0.5 }], goalMetrics });
    expect(isRankingExperiment(config({ mmrLambda: 0.5 }, ["recommendation_ctr"]))).toBe(true);
    // A product experiment that happens to use "alpha" is not one: its users must not be exposed by recommendations.
    expect(isRankingExperiment(config({ alpha: 0.5 }, ["thumbs_up_rate"]))).toBe(false);
    expect(isRankingExperiment(config({ prompt: "v2" }, ["recommendation_ctr"]))).toBe(false);
  });
});
