// API keys record when they were last used, throttled to one write per key per minute.
import { expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { apiKeys } from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import { ApiKeyUsage, LAST_USED_INTERVAL_MS } from "@/lib/auth/api-key-usage";

const t = seededDatabase();
const lastUsed = async (id: string) => (await t.h.db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, id)))[0].at;
const post = () =>
  call(ingest.POST, "/api/v1/ingest", {
    method: "POST",
    headers: bearer(t.org.apiKey.secretKey),
    body: { batch: [{ id: `e-${Math.random()}`, type: "event", timestamp: "2026-11-20T10:00:00Z", body: { name: "x" } }] },
  });

test("a request with an API key sets its lastUsedAt, and the next request within a minute writes nothing", async () => {
  const keyId = t.org.apiKey.id;
  expect(await lastUsed(keyId)).toBeNull();
  expect((await post()).status).toBe(207);
  expect(await lastUsed(keyId)).toBeInstanceOf(Date);
  // A sentinel that an unthrottled write would overwrite.
  const sentinel = new Date("2026-01-01T00:00:00Z");
  await t.h.db.update(apiKeys).set({ lastUsedAt: sentinel }).where(eq(apiKeys.id, keyId));
  expect((await post()).status).toBe(207);
  expect(await lastUsed(keyId)).toEqual(sentinel);
});

test("the throttle writes again once the interval has passed", async () => {
  let now = Date.UTC(2026, 10, 20, 10, 0, 0);
  const usage = new ApiKeyUsage(() => now);
  const keyId = t.org.apiKey.id;
  await t.h.db.update(apiKeys).set({ lastUsedAt: null }).where(eq(apiKeys.id, keyId));
  expect(await usage.touch(t.h.db, keyId)).toBe(true);
  expect(await lastUsed(keyId)).toEqual(new Date(now));
  now += LAST_USED_INTERVAL_MS - 1;
  expect(await usage.touch(t.h.db, keyId)).toBe(false);
  expect(await lastUsed(keyId)).toEqual(new Date(now - LAST_USED_INTERVAL_MS + 1));
  now += 1;
  expect(await usage.touch(t.h.db, keyId)).toBe(true);
  expect(await lastUsed(keyId)).toEqual(new Date(now));
});
