// Redis unreachable (issue 12 finding 14): sign-in and its throttling keep working in-process, no Redis internals
// reach the user, and /api/health says Redis is degraded while the server itself stays healthy.
import { afterAll, beforeAll, expect, test } from "vitest";
import net, { type AddressInfo } from "node:net";
import { TEST_PASSWORD, call, seededDatabase } from "./support/fixtures";
import { authorizeCredentials } from "@/lib/auth/next-auth";
import { SIGN_IN_LIMITS, takeSignInAttempt } from "@/lib/auth/sign-in-throttle";
import { getCacheStore } from "@/lib/cache/store";
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
  const user = await authorizeCredentials({ email: t.org.users.analyst.email, password: TEST_PASSWORD }, { address: "3.3.3.3", trusted: false });
  expect(user.id).toBe(t.org.users.analyst.id);
  const store = await getCacheStore();
  const client = { address: "4.4.4.4", trusted: false };
  const waits: (number | null)[] = [];
  for (let i = 0; i < 60 && !waits.some((w) => w !== null); i++) {
    waits.push(await takeSignInAttempt(store, t.org.users.viewer.email, client));
  }
  // The eleventh attempt from the same client is refused, counted in-process while Redis is unreachable.
  expect(waits.findIndex((w) => w !== null)).toBe(SIGN_IN_LIMITS.accountAndClient.limit);
  const messages = await Promise.all(
    Array.from({ length: 3 }, (_, i) =>
      authorizeCredentials({ email: t.org.users.viewer.email, password: `wrong-${i}` }, client).then(() => "signed in", (e: Error) => e.message),
    ),
  );
  expect(messages.join("\n")).not.toMatch(/redis|ECONNREFUSED|max retries|Connection is closed/i);
});

test("health reports Redis as degraded and the server as up", async () => {
  const res = await call(healthRoute.GET, "/api/health");
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ status: "ok", database: { ok: true }, redis: "degraded" });
});
