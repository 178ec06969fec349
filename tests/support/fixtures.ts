import { afterAll, beforeAll } from "vitest";
import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import type { Db, DbHandle } from "@/db/client";
import { createTestDb } from "./db";
import { roles, type Role } from "@/lib/auth/permissions";
import { ensureMembership, ensureOrganization, ensureProject, ensureUser } from "@/lib/bootstrap/ensure";
import { insertApiKey } from "@/lib/tenancy/api-keys";
import type { Handler } from "@/lib/http/route";
import { afterIngestRequest } from "./ingest";

export const TEST_PASSWORD = "correct horse battery";

/** An organization with one user per role and an API key, named uniquely so several can share a database. */
export async function seedOrg(db: Db, name = `Org ${Math.random().toString(36).slice(2, 8)}`) {
  const org = await ensureOrganization(db, name);
  const project = await ensureProject(db, org.id, "Main");
  const users = {} as Record<Role, { id: string; email: string }>;
  for (const role of roles) {
    const email = `${role}.${org.id.slice(0, 8)}@example.test`;
    const user = await ensureUser(db, email, TEST_PASSWORD);
    await ensureMembership(db, org.id, user.id, role, role === "member" ? "end_user_1" : undefined);
    users[role] = { id: user.id, email };
  }
  const apiKey = await insertApiKey(db, project.id, "Test key");
  return { org, project, users, apiKey };
}
export type SeededOrg = Awaited<ReturnType<typeof seedOrg>>;

export async function sessionCookie(userId: string): Promise<string> {
  const token = await encode({ token: { sub: userId }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Sign in as this user id (a real next-auth session cookie). */
  as?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

/** Calls a real route handler the way Next.js would; after an accepted ingest request, waits for its merge (./ingest.ts). */
export async function call(handler: Handler, path: string, opts: CallOptions = {}) {
  const headers = new Headers(opts.headers);
  if (opts.as) headers.set("cookie", await sessionCookie(opts.as));
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new NextRequest(new URL(path, "http://localhost:3000"), { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  await afterIngestRequest(path, opts.method ?? "GET", res.status);
  const text = await res.text();
  let json: any = undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

export function bearer(secret: string) {
  return { authorization: `Bearer ${secret}` };
}

/** A test file's own database with one seeded organization: `const t = seededDatabase();` then `t.h.db`, `t.org`. */
export function seededDatabase() {
  const t = {} as { h: DbHandle; org: SeededOrg };
  beforeAll(async () => {
    t.h = await createTestDb();
    t.org = await seedOrg(t.h.db);
  });
  afterAll(async () => t.h.close());
  return t;
}
