import { describe, expect, test, vi } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { apiKeys, projects } from "@/db/schema";
import * as keys from "@/app/api/v1/api-keys/route";
import * as key from "@/app/api/v1/api-keys/[id]/route";
import * as experiments from "@/app/api/v1/experiments/route";
import * as status from "@/app/api/v1/experiments/[key]/status/route";
import * as assign from "@/app/api/v1/experiments/[key]/assign/route";
import { insertApiKey } from "@/lib/tenancy/api-keys";
import { createMemoryBus, createRedisBus } from "@/lib/cache/invalidation-bus";
import { authenticateApiKey, forgetProjectApiKeys, hashSecret, VerifiedKeyCache } from "@/lib/auth/api-keys";

const t = seededDatabase();

async function runningExperiment(analystId: string, experimentKey: string) {
  const body = {
    key: experimentKey,
    name: experimentKey,
    variants: [
      { key: "control", weight: 0.5, parameters: {} },
      { key: "b", weight: 0.5, parameters: {} },
    ],
    goalMetrics: ["thumbs_up_rate"],
  };
  expect((await call(experiments.POST, "/x", { method: "POST", as: analystId, body })).status).toBe(201);
  const started = await call(status.POST, "/x", { method: "POST", as: analystId, params: { key: experimentKey }, body: { action: "start" } });
  expect(started.status).toBe(200);
}

const assignWith = (secret: string, userId: string) =>
  call(assign.POST, "/api/v1/experiments/cache-test/assign", { method: "POST", headers: bearer(secret), params: { key: "cache-test" }, body: { userId } });

describe("verified API key cache", () => {
  test("a key revoked through the API is rejected on the very next assign call, although it was cached", async () => {
    await runningExperiment(t.org.users.analyst.id, "cache-test");
    const created = await call(keys.POST, "/api/v1/api-keys", { method: "POST", as: t.org.users.admin.id, body: { name: "SDK" } });
    expect(created.status).toBe(201);
    const { id, secretKey } = created.json as { id: string; secretKey: string };

    // Several calls: the first verifies the key against the database, the rest are served from the cache.
    for (const userId of ["a", "b", "c"]) expect((await assignWith(secretKey, userId)).status).toBe(200);

    const revoked = await call(key.DELETE, `/api/v1/api-keys/${id}`, { method: "DELETE", as: t.org.users.admin.id, params: { id } });
    expect(revoked.status).toBe(200);
    const after = await assignWith(secretKey, "d");
    expect(after.status).toBe(401);
    expect(after.json.error.message).toMatch(/revoked/);

    // The project's other key is untouched.
    expect((await assignWith(t.org.apiKey.secretKey, "d")).status).toBe(200);
  });

  test("a lookup in flight while the key is revoked does not put the key back into the cache", async () => {
    const created = await call(keys.POST, "/x", { method: "POST", as: t.org.users.admin.id, body: { name: "Racy" } });
    const { id, secretKey } = created.json as { id: string; secretKey: string };
    const inFlight = authenticateApiKey(t.h.db, `Bearer ${secretKey}`);
    const revoked = call(key.DELETE, "/x", { method: "DELETE", as: t.org.users.admin.id, params: { id } });
    await Promise.allSettled([inFlight, revoked]);
    expect((await revoked).status).toBe(200);
    await expect(authenticateApiKey(t.h.db, `Bearer ${secretKey}`)).rejects.toThrow(/revoked/);
  });

  test("a wrong public key in Basic auth is refused even when the secret is cached", async () => {
    const { publicKey, secretKey } = t.org.apiKey;
    const basic = (pk: string) => `Basic ${Buffer.from(`${pk}:${secretKey}`).toString("base64")}`;
    expect((await authenticateApiKey(t.h.db, basic(publicKey))).publicKey).toBe(publicKey);
    await expect(authenticateApiKey(t.h.db, basic("pk-prism-someone-else"))).rejects.toThrow(/Invalid or revoked/);
  });

  test("keys of a deleted project stop working once the project's keys are forgotten", async () => {
    const other = await seedOrg(t.h.db);
    const header = `Bearer ${other.apiKey.secretKey}`;
    expect((await authenticateApiKey(t.h.db, header)).projectId).toBe(other.project.id);
    await t.h.db.delete(projects).where(eq(projects.id, other.project.id));
    expect(await t.h.db.select().from(apiKeys).where(eq(apiKeys.secretHash, hashSecret(other.apiKey.secretKey)))).toHaveLength(0);
    await forgetProjectApiKeys(other.project.id);
    await expect(authenticateApiKey(t.h.db, header)).rejects.toThrow(/Invalid or revoked/);
    // Other projects' cached keys survive.
    expect((await authenticateApiKey(t.h.db, `Bearer ${t.org.apiKey.secretKey}`)).projectId).toBe(t.org.project.id);
  });
});

describe("revocation across instances", () => {
  async function cachedOnTwoInstances(a: VerifiedKeyCache, b: VerifiedKeyCache, name: string) {
    const key = await insertApiKey(t.h.db, t.org.project.id, name);
    const hash = hashSecret(key.secretKey);
    expect(await a.lookUp(t.h.db, hash)).not.toBeNull();
    expect(await b.lookUp(t.h.db, hash)).not.toBeNull();
    await t.h.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, key.id));
    return hash;
  }

  test("without Redis another instance serves a revoked key from its cache (for at most the TTL)", async () => {
    // Two servers without Redis: each has its own in-process bus.
    const [a, b] = [new VerifiedKeyCache(createMemoryBus()), new VerifiedKeyCache(createMemoryBus())];
    const hash = await cachedOnTwoInstances(a, b, "No broadcast");
    await a.forget(hash);
    expect(await a.lookUp(t.h.db, hash)).toBeNull();
    expect(await b.lookUp(t.h.db, hash)).not.toBeNull();
  });

  test.runIf(process.env.TEST_REDIS_URL)("with Redis a revocation on one instance reaches the other's cache", async () => {
    const url = process.env.TEST_REDIS_URL!;
    const buses = await Promise.all([createRedisBus(url), createRedisBus(url)]);
    const [a, b] = buses.map((bus) => new VerifiedKeyCache(bus));
    try {
      const hash = await cachedOnTwoInstances(a, b, "Broadcast");
      await a.forget(hash);
      await vi.waitFor(async () => expect(await b.lookUp(t.h.db, hash)).toBeNull(), { timeout: 5_000, interval: 20 });
    } finally {
      await a.close();
      await b.close();
      for (const bus of buses) await bus.close();
    }
  });
});
