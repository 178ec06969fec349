// The tiers on an S3-compatible store (a local s3rver on a random port, no network beyond localhost): the export
// uploads every warm file and cold archive under the prefix, the validator checks the stored objects, reads and a
// restore fetch what the local cache lacks, erasure rewrites the objects that held the user, and compaction replaces
// the daily objects of a closed month with one object.
import { expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { localObjectStore } from "./support/object-store";
import { rounded, seedTraceHistory } from "./support/trace-history";
import { projects, storageManifest, traces } from "@/db/schema";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { validateManifest } from "@/lib/warehouse/validate";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { warehouseRoot } from "@/lib/warehouse/location";
import { rowsMentioning } from "@/lib/warehouse/parquet-events";
import { coldLinesMentioning } from "@/lib/warehouse/cold";
import { ensureLocal } from "@/lib/warehouse/object-store";
import { compactProject } from "@/lib/warehouse/compact";
import { GET as costsGet } from "@/app/api/v1/costs/route";
import { DELETE as deleteUser } from "@/app/api/v1/users/[userId]/route";
import { POST as restore } from "@/app/api/v1/warehouse/restore/route";

const t = seededDatabase();
const store = localObjectStore("prism-tiers", "prod/tiers");
const DAY = 86_400_000;

test("export uploads to the object store; reads, restore, validation and erasure work from it with an empty cache", { timeout: 240_000 }, async () => {
  const projectId = t.org.project.id;
  const now = new Date();
  await seedTraceHistory(t.h.db, projectId, now, 6);
  await t.h.db.update(projects).set({ warmTier: true, retentionDays: 3 }).where(eq(projects.id, projectId));
  const range = `from=${new Date(now.getTime() - 30 * DAY).toISOString()}&to=${now.toISOString()}`;
  const board = async () => rounded((await call(costsGet, `/api/v1/costs?${range}`, { headers: bearer(t.org.apiKey.secretKey) })).json);
  const hot = await board();

  // The cache is the local side of the store: the root is under PRISM_DATA_DIR, and every file is uploaded.
  expect(warehouseRoot()).toBe(store.cache());
  await exportProjectTiers(t.h.db, projectId, { now });
  const manifest = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
  expect(manifest.length).toBeGreaterThan(30);
  expect(await store.keys()).toEqual(manifest.map((m) => `prod/tiers/${m.path}`).sort());
  expect((await validateManifest(t.h.db, projectId)).problems).toEqual([]);

  // Retention moves the old days down; with the local cache gone, Costs fetches the warm files back from the store.
  await enforceRetention(t.h.db, now, 1000, projectId);
  const hotTraces = await t.h.db.$count(traces, eq(traces.projectId, projectId));
  fs.rmSync(store.cache(), { recursive: true, force: true });
  expect(await board()).toEqual(hot);

  // A restore with an empty cache reads the cold archives from the store.
  fs.rmSync(store.cache(), { recursive: true, force: true });
  const days = { from: new Date(now.getTime() - 6 * DAY).toISOString().slice(0, 10), to: new Date(now.getTime() - DAY).toISOString().slice(0, 10) };
  const restored = await call(restore, "/api/v1/warehouse/restore", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: days });
  expect(restored.status).toBe(200);
  expect(restored.json.restore.inserted.traces).toBeGreaterThan(5);
  expect(await t.h.db.$count(traces, eq(traces.projectId, projectId))).toBe(hotTraces + restored.json.restore.inserted.traces);

  // Erasure with an empty cache: the objects that held the user are rewritten in the store.
  fs.rmSync(store.cache(), { recursive: true, force: true });
  const res = await call(deleteUser, "/api/v1/users/user-b", { method: "DELETE", headers: bearer(t.org.apiKey.secretKey), params: { userId: "user-b" } });
  expect(res.status).toBe(200);
  expect(res.json.deleted.cold_tier_rows).toBeGreaterThan(0);
  fs.rmSync(store.cache(), { recursive: true, force: true });
  const after = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
  expect(await store.keys()).toEqual(after.map((m) => `prod/tiers/${m.path}`).sort());
  let mentions = 0;
  for (const m of after) {
    expect(await ensureLocal(store.cache(), m.path)).toBe(true);
    const file = path.join(store.cache(), m.path);
    mentions += m.tier === "cold" ? await coldLinesMentioning(file, "user-b") : await rowsMentioning(file, "user-b");
  }
  expect(mentions).toBe(0);
  expect((await validateManifest(t.h.db, projectId)).problems).toEqual([]);

  // An object altered in the store is named by the validator, whatever the cache holds.
  const victim = after[0];
  await store.client().send(new PutObjectCommand({ Bucket: "prism-tiers", Key: `prod/tiers/${victim.path}`, Body: Buffer.from("not the file") }));
  expect((await validateManifest(t.h.db, projectId)).problems).toEqual([{ projectId, fileId: victim.id, path: victim.path, problem: "size" }]);
});

test("compaction on the object store: one object per closed month replaces the daily ones, read back with an empty cache", { timeout: 240_000 }, async () => {
  const other = await seedOrg(t.h.db);
  const projectId = other.project.id;
  const now = new Date();
  await seedTraceHistory(t.h.db, projectId, now, 45);
  await t.h.db.update(projects).set({ warmTier: true, retentionDays: 3 }).where(eq(projects.id, projectId));
  const range = `from=${new Date(now.getTime() - 50 * DAY).toISOString()}&to=${now.toISOString()}`;
  const board = async () => rounded((await call(costsGet, `/api/v1/costs?${range}`, { headers: bearer(other.apiKey.secretKey) })).json);
  const hot = await board();
  await exportProjectTiers(t.h.db, projectId, { now });
  fs.rmSync(store.cache(), { recursive: true, force: true });
  // With the cache empty, the daily files are fetched from the store to be merged.
  const done = await compactProject(t.h.db, projectId, { now });
  expect(done.compacted.length).toBeGreaterThanOrEqual(3);
  const manifest = await t.h.db.select().from(storageManifest).where(eq(storageManifest.projectId, projectId));
  const keys = (await store.keys()).filter((k) => k.includes(projectId));
  expect(keys).toEqual([...new Set(manifest.map((m) => `prod/tiers/${m.path}`))].sort());
  expect(keys.filter((k) => k.includes("/month="))).toHaveLength(done.compacted.length);
  expect((await validateManifest(t.h.db, projectId)).problems).toEqual([]);
  await enforceRetention(t.h.db, now, 1000, projectId);
  fs.rmSync(store.cache(), { recursive: true, force: true });
  expect(await board()).toEqual(hot);
});
