import { describe, expect, test } from "vitest";
import { apiRoutes, HTTP_METHODS } from "./support/api-routes";
import { call, seededDatabase } from "./support/fixtures";
import { can, roles } from "@/lib/auth/permissions";
import type { Handler } from "@/lib/http/route";

// Endpoints meant to be reachable without a session or key. Everything else must refuse strangers.
const PUBLIC_ROUTES = new Set([
  "health",
  "auth/[...nextauth]",
  "inngest",
  // An invitee may have no account yet: the one-time invitation token is their credential (issue 12 #16).
  "v1/invitations/accept",
  "v1/invitations/lookup",
  // Prometheus scrapes with its own bearer token (PRISM_METRICS_TOKEN; off = 404): tests/prism-telemetry.test.ts.
  "metrics",
]);


const routes = apiRoutes();

const t = seededDatabase();

test("the walk finds the route handlers", () => {
  expect(routes.length).toBeGreaterThan(8);
});

describe.each(routes)("/api/$route", ({ file, route }) => {
  test("every handler declares its access, and strangers and under-privileged roles are refused", async () => {
    const mod = (await import(file)) as Record<string, Handler | undefined>;
    const handlers = HTTP_METHODS.flatMap((m) => (mod[m] ? [[m, mod[m]!] as const] : []));
    expect(handlers.length).toBeGreaterThan(0);
    if (PUBLIC_ROUTES.has(route)) return;
    const url = `/api/${route.replace(/\[\.{0,3}(\w+)\]/g, "00000000-0000-4000-8000-000000000000")}`;
    const params = Object.fromEntries([...route.matchAll(/\[(\w+)\]/g)].map((m) => [m[1], "00000000-0000-4000-8000-000000000000"]));
    for (const [method, handler] of handlers) {
      expect(handler.access, `${method} /api/${route} must be declared with route() from lib/http/route.ts`).toBeDefined();
      const body = method === "GET" || method === "DELETE" ? undefined : {};
      const anonymous = await call(handler, url, { method, body, params });
      expect(anonymous.status, `${method} /api/${route} anonymous`).toBe(401);
      if (handler.access.kind === "session" || handler.access.kind === "apiKeyOrSession") {
        const permission = handler.access.permission;
        const lacking = roles.filter((r) => !can(r, permission));
        expect(lacking.length, `${permission} is granted to every role`).toBeGreaterThan(0);
        for (const role of lacking) {
          const res = await call(handler, url, { method, body, params, as: t.org.users[role].id });
          expect(res.status, `${method} /api/${route} as ${role}`).toBe(403);
          expect(res.json.error.code).toBe("forbidden");
        }
      } else if (handler.access.kind === "apiKey" || handler.access.kind === "publicKey") {
        // A signed-in dashboard session is not an API key.
        const res = await call(handler, url, { method, body, params, as: t.org.users.owner.id });
        expect(res.status).toBe(401);
      }
    }
  });
});
