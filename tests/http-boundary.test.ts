// The HTTP boundary every route shares (lib/http/route.ts): bodies bounded while streaming (next-auth included),
// JSON content type required, cross-site session mutations refused, malformed path ids as 404, no-store replies.
import { describe, expect, test } from "vitest";
import { NextRequest } from "next/server";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase, sessionCookie } from "./support/fixtures";
import { invitations } from "@/db/schema";
import type { Handler } from "@/lib/http/route";
import * as ingest from "@/app/api/v1/ingest/route";
import * as otel from "@/app/api/public/otel/v1/traces/route";
import * as members from "@/app/api/v1/members/route";
import * as alertRule from "@/app/api/v1/monitoring/alert-rules/[id]/route";
import * as anomalyReview from "@/app/api/v1/monitoring/anomalies/[id]/review/route";
import * as acknowledge from "@/app/api/v1/monitoring/notifications/[id]/acknowledge/route";
import * as project from "@/app/api/v1/project/route";
import * as analyze from "@/app/api/v1/stats/analyze/route";
import * as nextAuth from "@/app/api/auth/[...nextauth]/route";

const t = seededDatabase();
const CHUNK = 64 * 1024;

/** An endless body that counts what the server pulled from it. */
function endlessBody() {
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        counter.pulled += CHUNK;
        controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, counter };
}

function streamingRequest(url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  const init = { method: "POST", headers, body, duplex: "half" };
  return new NextRequest(new URL(url, "http://localhost:3000"), init as ConstructorParameters<typeof NextRequest>[1]);
}

async function send(handler: Handler | ((req: NextRequest, ctx: unknown) => Promise<Response>), req: NextRequest, params: Record<string, unknown> = {}) {
  return (handler as (req: NextRequest, ctx: unknown) => Promise<Response>)(req, { params: Promise.resolve(params) });
}

describe("request bodies are bounded while streaming", () => {
  test("a chunked body with no Content-Length past the ingest limit is a 413 after reading at most the limit", async () => {
    const { stream, counter } = endlessBody();
    const res = await send(ingest.POST, streamingRequest("/api/v1/ingest", stream, { ...bearer(t.org.apiKey.secretKey), "content-type": "application/json" }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(counter.pulled).toBeGreaterThan(3_500_000);
    expect(counter.pulled).toBeLessThanOrEqual(3_500_000 + 2 * CHUNK);
  });

  test("OTLP reads its protobuf body under the limit before decompressing", async () => {
    const { stream, counter } = endlessBody();
    const res = await send(otel.POST, streamingRequest("/api/public/otel/v1/traces", stream, { ...bearer(t.org.apiKey.secretKey), "content-type": "application/x-protobuf", "content-encoding": "gzip" }));
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(10_000_000 + 2 * CHUNK);
  });

  test("next-auth's credentials callback refuses an endless body before next-auth reads it", async () => {
    const { stream, counter } = endlessBody();
    const req = streamingRequest("/api/auth/callback/credentials", stream, { "content-type": "application/x-www-form-urlencoded" });
    const res = await send(nextAuth.POST, req, { nextauth: ["callback", "credentials"] });
    expect(res.status).toBe(413);
    expect(counter.pulled).toBeLessThanOrEqual(64_000 + 2 * CHUNK);
  });

  test("a declared Content-Length over the limit is refused without reading the body", async () => {
    const { stream, counter } = endlessBody();
    const req = streamingRequest("/api/v1/ingest", stream, { ...bearer(t.org.apiKey.secretKey), "content-type": "application/json", "content-length": "50000000" });
    const res = await send(ingest.POST, req);
    expect(res.status).toBe(413);
    expect(counter.pulled).toBe(0);
  });

  test("a body under the limit still works", async () => {
    const res = await call(analyze.POST, "/api/v1/stats/analyze", {
      method: "POST",
      headers: bearer(t.org.apiKey.secretKey),
      body: { metricType: "binomial", variants: [{ key: "control", n: 100, sum: 10 }, { key: "treatment", n: 100, sum: 12 }] },
    });
    expect(res.status).toBe(200);
  });
});

describe("CSRF: JSON content type and same-origin session mutations", () => {
  const newMember = (email: string) => ({ email, role: "admin" });

  async function invitationCount(email: string) {
    return (await t.h.db.select().from(invitations).where(eq(invitations.email, email))).length;
  }

  test("a text/plain body carrying JSON is refused with 415 and creates nothing", async () => {
    const email = "csrf-plain@example.test";
    const req = new NextRequest(new URL("/api/v1/members", "http://localhost:3000"), {
      method: "POST",
      headers: { cookie: await sessionCookie(t.org.users.owner.id), "content-type": "text/plain" },
      body: JSON.stringify(newMember(email)),
    });
    const res = await send(members.POST, req);
    expect(res.status).toBe(415);
    expect((await res.json()).error.message).toBe("content-type: must be application/json");
    expect(await invitationCount(email)).toBe(0);
  });

  test("a session mutation from another origin or site is refused with 403; the same origin is served", async () => {
    const email = "csrf-origin@example.test";
    const cross = await call(members.POST, "/api/v1/members", { method: "POST", as: t.org.users.owner.id, body: newMember(email), headers: { origin: "http://evil.example" } });
    expect(cross.status).toBe(403);
    expect(cross.json.error.message).toMatch(/Cross-origin request refused/);
    const sameSite = await call(members.POST, "/api/v1/members", { method: "POST", as: t.org.users.owner.id, body: newMember(email), headers: { "sec-fetch-site": "same-site" } });
    expect(sameSite.status).toBe(403);
    const otherPort = await call(project.PATCH, "/api/v1/project", { method: "PATCH", as: t.org.users.owner.id, body: { name: "Hijacked" }, headers: { origin: "http://localhost:4000" } });
    expect(otherPort.status).toBe(403);
    expect(await invitationCount(email)).toBe(0);
    const same = await call(members.POST, "/api/v1/members", {
      method: "POST",
      as: t.org.users.owner.id,
      body: newMember(email),
      headers: { origin: "http://localhost:3000", "sec-fetch-site": "same-origin" },
    });
    expect(same.status).toBe(202);
    expect(await invitationCount(email)).toBe(1);
  });

  test("reads and API-key routes are not affected by Origin", async () => {
    const read = await call(members.GET, "/api/v1/members", { as: t.org.users.owner.id, headers: { origin: "http://evil.example", "sec-fetch-site": "cross-site" } });
    expect(read.status).toBe(200);
    const keyed = await call(analyze.POST, "/api/v1/stats/analyze", {
      method: "POST",
      headers: { ...bearer(t.org.apiKey.secretKey), origin: "http://evil.example", "sec-fetch-site": "cross-site" },
      body: { metricType: "binomial", variants: [{ key: "control", n: 100, sum: 10 }, { key: "treatment", n: 100, sum: 12 }] },
    });
    expect(keyed.status).toBe(200);
  });
});

describe("values PostgreSQL cannot store are refused at the boundary", () => {
  test("a NUL in a JSON string, a path key or a query value is a 4xx, not a database 500", async () => {
    const exclusions = await import("@/app/api/v1/spectrum/users/[userId]/exclusions/route");
    const key = bearer(t.org.apiKey.secretKey);
    const body = await call(exclusions.POST, "/x", { method: "POST", headers: key, params: { userId: "user-1" }, body: { sessionId: "a\u0000b" } });
    expect(body.status).toBe(400);
    expect(body.json.error.message).toMatch(/NUL/);
    const pathKey = await call(exclusions.GET, "/x", { headers: key, params: { userId: "a\u0000b" } });
    expect(pathKey.status).toBe(404);
    const traces = await import("@/app/api/v1/traces/route");
    const query = await call(traces.GET, "/api/v1/traces?name=a%00b", { headers: key });
    expect(query.status).toBe(400);
  });

  test("JSON nested deeper than 64 levels is a 400", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const res = await call(analyze.POST, "/x", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: `{"variants":${deep}}` });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toMatch(/nests deeper than 64/);
  });

  test("a PATCH with nothing to change is a 400, not a database error", async () => {
    const res = await call(project.PATCH, "/api/v1/project", { method: "PATCH", as: t.org.users.owner.id, body: {} });
    expect(res.status).toBe(400);
  });
});

describe("path ids and reply headers", () => {
  test("a malformed path id is a 404 on every id route, never a 400", async () => {
    const as = t.org.users.owner.id;
    for (const [handler, method, params, body] of [
      [alertRule.PATCH, "PATCH", { id: "not-a-uuid" }, { enabled: false }],
      [alertRule.DELETE, "DELETE", { id: "not-a-uuid" }, undefined],
      [anomalyReview.POST, "POST", { id: "not-a-uuid" }, { status: "acknowledged" }],
      [acknowledge.POST, "POST", { id: "x'; drop table" }, undefined],
    ] as const) {
      const res = await call(handler, "/x", { method, as, params, body });
      expect(res.status, `${method} ${JSON.stringify(params)}`).toBe(404);
      expect(res.json.error.code).toBe("not_found");
    }
  });

  test("API replies, errors included, carry Cache-Control: no-store", async () => {
    const ok = await call(members.GET, "/api/v1/members", { as: t.org.users.owner.id });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const refused = await call(members.GET, "/api/v1/members");
    expect(refused.status).toBe(401);
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });
});
