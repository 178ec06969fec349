// Issue 12 #18: every route handler, called by an authorized caller with arbitrary path ids, queries and bodies
// (NUL bytes, far dates, huge cursors, empty and deeply nested JSON), answers 4xx or success, never 500.
import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { apiRoutes, HTTP_METHODS } from "./support/api-routes";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { can, roles } from "@/lib/auth/permissions";
import type { Handler } from "@/lib/http/route";

// Public endpoints served by libraries (next-auth, Inngest) are not ours to fuzz; health takes no input.
const SKIP = new Set(["auth/[...nextauth]", "inngest", "health"]);
const SEED = 20261205;
const RUNS = 12;

const routes = apiRoutes().filter((r) => !SKIP.has(r.route));

const farDates = ["+275760-09-13T00:00:00.000Z", "-271821-04-20T00:00:00.000Z", "0000-01-01T00:00:00Z", "1990-01-01T00:00:00Z", "9999-12-31T23:59:59Z"];
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom("\u0000", "a\u0000b", "", " ", "-1", "0", "1e308", "NaN", "null", "[]", "{}", "%00", "../../etc/passwd", ...farDates),
  fc.constant(Buffer.from(JSON.stringify({ v: "x".repeat(3000), id: "y" })).toString("base64url")),
  fc.constant("A".repeat(20_000)),
);
const pathId = fc.oneof(fc.uuid(), nasty);
const query = fc.dictionary(
  fc.constantFrom("limit", "cursor", "before", "from", "to", "month", "status", "metric", "sort", "order", "granularity", "dimension", "severity", "name", "minCost"),
  nasty,
  { maxKeys: 4 },
);
// Sent as raw text (fast-check would overflow its stack printing a 5,000-deep counterexample).
const nested = fc.integer({ min: 100, max: 5000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth));
const leaf = fc.oneof(nasty, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom(...farDates));
const body = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }),
  nested,
  // Plausible keys with hostile values reach deeper than random keys.
  fc.dictionary(
    fc.constantFrom("batch", "points", "series", "from", "to", "sessionId", "userId", "kind", "name", "role", "email", "password", "action", "status", "enabled", "silencedUntil", "job", "texts", "metricType", "variants", "key", "sampleRate", "masking", "endpoint", "traceId", "value"),
    fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.array(fc.dictionary(fc.constantFrom("id", "type", "timestamp", "body", "metric", "value", "key", "n", "sum"), leaf, { maxKeys: 4 }), { maxLength: 3 })),
    { maxKeys: 5 },
  ),
);

const t = seededDatabase();

describe.each(routes)("/api/$route", ({ file, route }) => {
  test("arbitrary input never yields a 500", async () => {
    const mod = (await import(file)) as Record<string, Handler | undefined>;
    const names = [...route.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!);
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (!handler) continue;
      const access = handler.access;
      const role = access.kind === "session" ? roles.find((r) => can(r, access.permission))! : undefined;
      // The same inputs on every run (seeded). Slow routes (a job run inline) get fewer of them: no input is started
      // after 4 s, but the first always runs in full, so a busy machine cannot fail a route whose first call is slow.
      const inputs = fc.sample(fc.tuple(fc.tuple(...names.map(() => pathId)), query, body), { seed: SEED, numRuns: RUNS });
      const started = Date.now();
      for (const [i, [ids, q, b]] of inputs.entries()) {
        if (i > 0 && Date.now() - started > 4_000) break;
        const params = Object.fromEntries(names.map((n, j) => [n, ids[j]!]));
        const url = `/api/${route}?${new URLSearchParams(q).toString()}`;
        const res = await call(handler, url, {
          method,
          params,
          body: method === "GET" ? undefined : b,
          as: role ? t.org.users[role].id : undefined,
          headers: access.kind === "apiKey" || access.kind === "apiKeyOrSession" ? bearer(t.org.apiKey.secretKey) : undefined,
        });
        expect(res.status, `${method} ${url} ${JSON.stringify(params)} → ${JSON.stringify(res.json)?.slice(0, 300)}`).toBeLessThan(500);
      }
    }
  }, 60_000);
});
