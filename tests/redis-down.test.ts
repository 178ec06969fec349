// Redis unreachable (issue 12 finding 14): sign-in and its throttling keep working in-process, no Redis internals
// reach the user, and /api/health says Redis is degraded while the server itself stays healthy.
import { afterAll, beforeAll, expect, test } from "vitest";
import net, { type AddressInfo } from "node:net";
import { TEST_PASSWORD, call, seededDatabase } from "./fixtures";
import { authorizeCredentials } from "@/lib/auth/next-auth";
import { resetEnvCache } from "@/lib/env";
import * as healthRoute from "@/app/api/health/route";

const t = seededDatabase();
const globalForCache = globalThis as unknown as { __prismCache?: unknown };

beforeAll(async () => {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  resetEnvCache();
  globalForCache.__prismCache = undefined;
});
afterAll(() => {
  delete process.env.REDIS_URL;
  resetEnvCache();
  globalForCache.__prismCache = undefined;
});

test("sign-in works and is still throttled with Redis down; errors never mention Redis", async () => {
  const user = await authorizeCredentials({ email: t.org.users.analyst.email, password: TEST_PASSWORD }, "3.3.3.3");
  expect(user.id).toBe(t.org.users.analyst.id);
  const messages: string[] = [];
  for (let i = 0; i < 60 && !messages.some((m) => /Too many/.test(m)); i++) {
    messages.push(await authorizeCredentials({ email: t.org.users.viewer.email, password: `wrong-${i}` }, "4.4.4.4").then(() => "signed in", (e: Error) => e.message));
  }
  expect(messages.at(-1)).toMatch(/Too many sign-in attempts/);
  expect(messages.join("\n")).not.toMatch(/redis|ECONNREFUSED|max retries|Connection is closed/i);
});

test("health reports Redis as degraded and the server as up", async () => {
  const res = await call(healthRoute.GET, "/api/health");
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ status: "ok", database: { ok: true }, redis: "degraded" });
});
