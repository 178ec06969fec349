// A database that is down at start (issue 12 finding 13): health answers 503 "starting" with a coarse reason,
// start-up retries with growing backoff, and once the database answers the same server becomes ready: migrations
// run, the job runner's hook fires, health turns 200. Real Postgres behind a local TCP proxy that starts closed.
import { afterAll, afterEach, expect, test } from "vitest";
import net, { type AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import { openPostgres, setDbHandle, type DbHandle } from "@/db/client";
import type { Env } from "@/lib/env";
import { bootstrap } from "@/lib/bootstrap";
import { backoffMs, startWhenDatabaseReady } from "@/lib/bootstrap/start";
import { readiness, setReadiness } from "@/lib/health/readiness";
import * as healthRoute from "@/app/api/health/route";
import { call } from "./support/fixtures";
import { withDatabase } from "./support/postgres-url";

const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(() => setReadiness(undefined));
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A sleep the test releases by hand, recording what start-up asked for: no dependence on the clock. */
function manualSleep() {
  const asked: number[] = [];
  let release: (() => void) | undefined;
  const sleep = (ms: number) => {
    asked.push(ms);
    return new Promise<void>((resolve) => (release = resolve));
  };
  return { asked, sleep, next: () => release?.() };
}

const health = () => call(healthRoute.GET, "/api/health");
const quietBootstrap = (handle: DbHandle) => () => bootstrap(() => {}, handle, { PRISM_DEMO_DATA: "false" } as Env, { PRISM_HOST: "127.0.0.1" });

test("a Postgres URL on a closed port: health is 503 'starting' with a coarse reason, retries back off and cap", async () => {
  const handle = await openPostgres("postgres://postgres@127.0.0.1:1/prism", 1);
  cleanups.push(() => handle.close());
  setDbHandle(handle);
  const { asked, sleep, next } = manualSleep();
  let readyCalls = 0;
  await startWhenDatabaseReady({ attempt: quietBootstrap(handle), onReady: () => void readyCalls++, sleep, log: () => {}, baseMs: 1000, maxMs: 8000 });
  const res = await health();
  expect(res.status).toBe(503);
  expect(res.json).toMatchObject({ status: "starting", database: { ok: false, reason: "ECONNREFUSED", attempts: 1 } });
  expect(JSON.stringify(res.json)).not.toMatch(/127\.0\.0\.1|postgres:/);
  for (let i = 2; i <= 5; i++) {
    await expect.poll(() => asked.length).toBe(i - 1); // attempt i-1 failed and start-up is waiting
    next();
    await expect.poll(() => readiness().attempts).toBe(i);
  }
  await expect.poll(() => asked.length).toBe(5);
  expect(asked).toEqual([1000, 2000, 4000, 8000, 8000]);
  expect(readyCalls).toBe(0);
  expect((await health()).status).toBe(503);
  expect(backoffMs(50)).toBe(30_000);
});

test("the database comes back on the same address: start-up finishes, jobs start, health turns 200", async (ctx) => {
  const probe = await openPostgres(adminUrl, 1);
  const reachable = await probe.db.execute("select 1").then(() => true, () => false);
  if (!reachable) {
    await probe.close();
    ctx.skip();
  }
  const name = `prism_startup_${randomBytes(5).toString("hex")}`;
  await probe.db.execute(`CREATE DATABASE "${name}"`);
  cleanups.push(async () => {
    await probe.db.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await probe.close();
  });
  // The app's address: a port with nothing listening yet; later a proxy to the real server takes it.
  const target = new URL(adminUrl);
  const placeholder = net.createServer();
  await new Promise<void>((r) => placeholder.listen(0, "127.0.0.1", () => r()));
  const port = (placeholder.address() as AddressInfo).port;
  await new Promise((r) => placeholder.close(r));
  const appUrl = new URL(withDatabase(adminUrl, name));
  appUrl.host = `127.0.0.1:${port}`;
  const handle = await openPostgres(appUrl.toString(), 2);
  cleanups.push(() => handle.close());
  setDbHandle(handle);

  const { asked, sleep, next } = manualSleep();
  let jobsStarted = 0;
  const { ready } = await startWhenDatabaseReady({ attempt: quietBootstrap(handle), onReady: () => void jobsStarted++, sleep, log: () => {} });
  expect((await health()).status).toBe(503);

  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  await new Promise<void>((r) => proxy.listen(port, "127.0.0.1", () => r()));
  cleanups.push(() => new Promise((r) => (sockets.forEach((s) => s.destroy()), proxy.close(r))));
  await expect.poll(() => asked.length).toBe(1);
  next();
  await ready;
  expect(readiness().state).toBe("ready");
  expect(jobsStarted).toBe(1);
  const res = await health();
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ status: "ok", database: { ok: true, driver: "postgres" }, migrations: { upToDate: true }, redis: "not configured" });
});
