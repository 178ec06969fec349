// Every route that reads a body bounds it (413 past its limit, checked while streaming), and the CPU-heavy analysis
// endpoints share one rate limit counted per API key and per signed-in user (429 with Retry-After).
import { beforeAll, describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { apiRoutes, HTTP_METHODS } from "./support/api-routes";
import { bearer, call, seededDatabase, seedOrg, type SeededOrg } from "./support/fixtures";
import { can, roles } from "@/lib/auth/permissions";
import { COMPUTE_RATE_LIMIT } from "@/lib/compute/rate-limit";
import type { Handler } from "@/lib/http/route";
import * as detect from "@/app/api/v1/monitoring/detect/route";
import * as forecast from "@/app/api/v1/monitoring/forecast/route";
import * as drift from "@/app/api/v1/monitoring/drift/route";
import * as stats from "@/app/api/v1/stats/analyze/route";
import * as emotions from "@/app/api/v1/analyze/emotions/route";

/** Not declared with route(): next-auth's handler bounds its body itself (lib/http/auth-body.ts, own test), health reads none, Inngest signs its calls. */
const NOT_ROUTE_DECLARED = new Set(["auth/[...nextauth]", "health", "inngest"]);
const MAX_ANY_BODY = 20_000_000;

const t = seededDatabase();
const routes = apiRoutes().filter((r) => !NOT_ROUTE_DECLARED.has(r.route));

describe.each(routes)("/api/$route", ({ file, route }) => {
  test("a handler that reads a body bounds it: one byte past its limit is a 413", async () => {
    const mod = (await import(file)) as Record<string, Handler | undefined>;
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (!handler) continue;
      expect(handler.limits, `${method} /api/${route} must be declared with route()`).toBeDefined();
      const maxBytes = handler.limits!.maxBytes;
      if (maxBytes === null) continue;
      expect(maxBytes, `${method} /api/${route} body limit`).toBeLessThanOrEqual(MAX_ANY_BODY);
      const access = handler.access;
      const role = access.kind === "session" ? roles.find((r) => can(r, access.permission)) : undefined;
      const params = Object.fromEntries([...route.matchAll(/\[(\w+)\]/g)].map((m) => [m[1], "00000000-0000-4000-8000-000000000000"]));
      // A public-key route (browser pages) names its key in the query string.
      const path = access.kind === "publicKey" ? `/api/${route}?key=${t.org.apiKey.publicKey}` : `/api/${route}`;
      const res = await call(handler, path, {
        method,
        params,
        as: role ? t.org.users[role].id : undefined,
        headers: access.kind === "apiKey" || access.kind === "apiKeyOrSession" ? bearer(t.org.apiKey.secretKey) : undefined,
        body: JSON.stringify({ pad: "x".repeat(maxBytes) }),
      });
      expect(res.status, `${method} /api/${route} with ${maxBytes + 11} bytes → ${JSON.stringify(res.json)?.slice(0, 200)}`).toBe(413);
    }
  }, 30_000);

  test("a handler that runs heavy compute declares the shared compute rate limit", async () => {
    if (!readFileSync(file, "utf8").includes("runCompute(")) return;
    const mod = (await import(file)) as Record<string, Handler | undefined>;
    for (const method of HTTP_METHODS) if (mod[method]) expect(mod[method]!.limits?.rateLimit, `${method} /api/${route}`).toBe("compute");
  });
});

describe("the compute budget", () => {
  let other: SeededOrg;
  beforeAll(async () => {
    other = await seedOrg(t.h.db);
  });
  const handlers = [detect.POST, forecast.POST, drift.POST, stats.POST, emotions.POST];

  test("is counted per signed-in user: past it every analysis endpoint answers 429 with Retry-After; other users and keys are unaffected", async () => {
    const analyst = other.users.analyst.id;
    expect((await call(emotions.POST, "/api/v1/analyze/emotions", { method: "POST", as: analyst, body: { texts: ["I am happy"] } })).status).toBe(200);
    for (let i = 1; i < COMPUTE_RATE_LIMIT.limit; i++) expect((await call(handlers[i % handlers.length], "/x", { method: "POST", as: analyst, body: {} })).status).toBe(400);
    for (const handler of handlers) {
      const res = await call(handler, "/x", { method: "POST", as: analyst, body: {} });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(res.json.error.message).toMatch(/per API key or signed-in user/);
    }
    // The same organization's key and another member each have their own budget.
    expect((await call(emotions.POST, "/x", { method: "POST", headers: bearer(other.apiKey.secretKey), body: { texts: ["I am happy"] } })).status).toBe(200);
    expect((await call(emotions.POST, "/x", { method: "POST", as: other.users.viewer.id, body: { texts: ["I am happy"] } })).status).toBe(200);
  });

  test("end users (no dashboard access) are refused before any budget is spent", async () => {
    const res = await call(emotions.POST, "/x", { method: "POST", as: other.users.member.id, body: { texts: ["I am happy"] } });
    expect(res.status).toBe(403);
  });
});
