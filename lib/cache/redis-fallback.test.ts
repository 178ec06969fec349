// Redis down must not fail sign-in and every rate-limited API closed (issue 12 finding 14): the store falls back to
// in-process limits and caches with one warning, reports "degraded", and shares state again once Redis answers.
import { afterAll, expect, test } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import { createRedisStore, type ResilientStore } from "./store";
import { enforceRateLimit } from "./rate-limit";
import { AppError } from "@/lib/errors";

const closedPort = async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
};

const opened: ResilientStore[] = [];
let redisServer: ChildProcess | undefined;
afterAll(() => {
  redisServer?.kill();
});

test("with Redis unreachable, rate limits and caches work in-process, health says degraded, one warning is logged", async () => {
  const warnings: string[] = [];
  const store = await createRedisStore(`redis://127.0.0.1:${await closedPort()}`, (l) => warnings.push(l));
  opened.push(store);
  expect(store.health()).toBe("degraded");
  // The sign-in limit (10 per 5 minutes) still counts and refuses the 11th attempt with a 429, not a Redis error.
  const limit = { limit: 10, windowMs: 5 * 60_000 };
  for (let i = 0; i < 10; i++) await enforceRateLimit(store, "signin:email:a@b.co", limit, "Too many sign-in attempts.");
  const refused = await enforceRateLimit(store, "signin:email:a@b.co", limit, "Too many sign-in attempts.").catch((e) => e);
  expect(refused).toBeInstanceOf(AppError);
  expect(refused.code).toBe("rate_limited"); // 429 at the boundary (AppError carries no HTTP status)
  expect(refused.message).not.toMatch(/redis|ECONNREFUSED|max retries/i);
  await store.set("k", "v", 60_000);
  expect(await store.get("k")).toBe("v");
  await store.del("k");
  expect(await store.get("k")).toBeUndefined();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/Redis unavailable.*per-process/);
});

const redisAvailable = fs.existsSync("/usr/bin/redis-server");

test.runIf(redisAvailable)("when Redis starts answering, the store shares state through it again and reports ok", async () => {
  const port = await closedPort();
  const warnings: string[] = [];
  const store = await createRedisStore(`redis://127.0.0.1:${port}`, (l) => warnings.push(l));
  expect(store.health()).toBe("degraded");
  redisServer = spawn("/usr/bin/redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  // Wait on the condition (ioredis reconnects with capped backoff), not on a fixed delay.
  await expect.poll(async () => (await store.get("probe"), store.health()), { timeout: 20_000, interval: 100 }).toBe("ok");
  const other = await createRedisStore(`redis://127.0.0.1:${port}`);
  await store.set("shared", "yes", 60_000);
  expect(await other.get("shared")).toBe("yes"); // a second instance sees it: state lives in Redis again
  expect(warnings.at(-1)).toMatch(/Redis is back/);
});
