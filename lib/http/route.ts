// The one way to declare an API route handler: access, path params, query, body and rate limit in one place, so a
// handler receives parsed, typed input and never authenticates, parses or sizes anything itself.
import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { z } from "zod";
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { toErrorResponse } from "./errors";
import { DEFAULT_MAX_BODY_BYTES, hasNul, readBoundedBytes, readJsonBody } from "./body";
import { assertSameOrigin } from "./same-origin";
import { can, type Permission } from "@/lib/auth/permissions";
import { resolvePrincipal, resolveSignedInUser, type Principal } from "@/lib/auth/session";
import { authenticateApiKey, authenticatePublicKey, type ApiKeyPrincipal, type PublicKeyPrincipal } from "@/lib/auth/api-keys";
import { getCacheStore } from "@/lib/cache/store";
import { enforceRateLimit, type RateLimit } from "@/lib/cache/rate-limit";
import { env } from "@/lib/env";
import { log, requestIdFrom, withRequestContext } from "@/lib/log";
import { recordHttpRequest } from "@/lib/metrics";
import { routeTemplate } from "./route-template";

export const PROJECT_COOKIE = "prism-project";

type RawParams = Record<string, string | string[]>;
interface RouteContext {
  params: Promise<RawParams>;
}
export type RouteAccess =
  | { kind: "session"; permission: Permission }
  | { kind: "apiKey" }
  | { kind: "apiKeyOrSession"; permission: Permission }
  | { kind: "publicKey" }
  | { kind: "public" };
/** What a declared handler enforces, for the tests that walk every route: its body limit (null: reads no body) and rate limit. */
export interface RouteLimits {
  maxBytes: number | null;
  rateLimit: string | null;
}
export type Handler = ((req: NextRequest, ctx: RouteContext) => Promise<Response>) & { access: RouteAccess; limits?: RouteLimits };

/**
 * Who may call: a signed-in member whose role grants `session`, a project API key, either of the two
 * (`{ session, apiKey: true }`: a request with an Authorization header is judged as a key), a project's public key
 * in `?key=` (browser pages: it may only write events), or anyone.
 */
export type Access = { session: Permission; apiKey?: true } | "apiKey" | "publicKey" | "public";
type CallerOf<A extends Access> = A extends { session: Permission; apiKey: true }
  ? { principal: Principal | null; apiKey: ApiKeyPrincipal | null; projectId: string }
  : A extends { session: Permission }
    ? { principal: Principal }
    : A extends "apiKey"
      ? { apiKey: ApiKeyPrincipal }
      : A extends "publicKey"
        ? { publicKey: PublicKeyPrincipal }
        : object;

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<A extends Access, P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  access: A;
  /** Path params; any failure is a 404 (a malformed id names nothing), see `pathId`. */
  params?: P;
  /** Query string, as an object of its (last) values; a failure is a 400 naming the field. */
  query?: Q;
  /** JSON body (Content-Type: application/json required); a failure is a 400 naming the field. */
  body?: B;
  /** Raw body bytes instead of JSON (OTLP), in `bytes`. */
  rawBody?: true;
  /** For a raw body: accepts the Content-Type (true) or says why not (a 415 before the body is read). */
  contentType?: (type: string | null) => true | string;
  /** Batch ingestion validates and stores each item on its own: a NUL character fails only its item, not the body. */
  allowNul?: true;
  /** Body limit, enforced while streaming (default 1 MB). */
  maxBytes?: number;
  /** Counted per API key (or user) before the body is read; over the limit is a 429 with Retry-After. */
  rateLimit?: RateLimit & { name: string; message: string };
  /** Extra headers on every answer, errors included (e.g. CORS for the endpoints browser pages call). */
  headers?: Record<string, string>;
}

export type RouteInput<A extends Access, P, Q, B> = { req: NextRequest; db: Db; params: Out<P>; query: Out<Q>; body: Out<B>; bytes: Uint8Array } & CallerOf<A>;

export async function sessionPrincipal(req: NextRequest, db: Db): Promise<Principal | null> {
  const token = await getToken({ req, secret: env().NEXTAUTH_SECRET });
  if (!token?.sub) return null;
  return resolvePrincipal(db, { sub: token.sub, sv: token.sv }, req.cookies.get(PROJECT_COOKIE)?.value);
}

/** The signed-in user of a public route (no membership needed), or null; for a mutation, only from Prism's own pages. */
export async function sessionUser(req: NextRequest, db: Db): Promise<{ userId: string; email: string } | null> {
  const token = await getToken({ req, secret: env().NEXTAUTH_SECRET });
  if (!token?.sub) return null;
  const user = await resolveSignedInUser(db, { sub: token.sub, sv: token.sv });
  if (user) assertSameOrigin(req, env().NEXTAUTH_URL);
  return user;
}

function toAccess(access: Access): RouteAccess {
  if (access === "apiKey") return { kind: "apiKey" };
  if (access === "public") return { kind: "public" };
  if (access === "publicKey") return { kind: "publicKey" };
  if (access.apiKey) return { kind: "apiKeyOrSession", permission: access.session };
  return { kind: "session", permission: access.session };
}

/** The caller, and the identity its rate limits count against: the API key, or the signed-in user. */
async function authenticate(req: NextRequest, db: Db, access: RouteAccess): Promise<{ caller: object; limiterId: string }> {
  if (access.kind === "apiKeyOrSession") {
    // The handler gets the project and whichever caller it was (the other is null).
    if (req.headers.has("authorization")) {
      const apiKey = await authenticateApiKey(db, req.headers.get("authorization"));
      return { caller: { apiKey, principal: null, projectId: apiKey.projectId }, limiterId: apiKey.apiKeyId };
    }
    const { caller, limiterId } = await authenticate(req, db, { kind: "session", permission: access.permission });
    const principal = (caller as { principal: Principal }).principal;
    return { caller: { principal, apiKey: null, projectId: principal.projectId }, limiterId };
  }
  if (access.kind === "apiKey") {
    const apiKey = await authenticateApiKey(db, req.headers.get("authorization"));
    return { caller: { apiKey }, limiterId: apiKey.apiKeyId };
  }
  if (access.kind === "session") {
    const principal = await sessionPrincipal(req, db);
    if (!principal) throw new AppError("unauthorized", "Sign in first");
    if (!can(principal.role, access.permission)) {
      throw new AppError("forbidden", `Your role (${principal.role}) lacks the ${access.permission} permission`);
    }
    assertSameOrigin(req, env().NEXTAUTH_URL);
    return { caller: { principal }, limiterId: `user:${principal.userId}` };
  }
  if (access.kind === "publicKey") {
    const publicKey = await authenticatePublicKey(db, req.nextUrl.searchParams.get("key"));
    return { caller: { publicKey }, limiterId: `pk:${publicKey.apiKeyId}` };
  }
  return { caller: {}, limiterId: "public" };
}

function parseParams(schema: Schema, raw: RawParams) {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? "id");
  throw new AppError("not_found", `No ${issue?.message && !issue.message.startsWith("Invalid") ? issue.message : key} ${String(raw[key])}`);
}

function queryObject(req: NextRequest): Record<string, string> {
  const raw = Object.fromEntries(req.nextUrl.searchParams);
  for (const [key, value] of Object.entries(raw)) {
    if (hasNul(value)) throw new AppError("invalid_request", `${key}: contains a NUL character`);
  }
  return raw;
}

/** Every API reply is private to its caller (no-store) and names its request id; immutable responses are copied. */
function withHeaders(res: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Headers(res.headers);
    for (const [name, value] of Object.entries(headers)) copy.set(name, value);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: copy });
  }
}

/**
 * Declares a handler: `route({ access: { session: "experiments:write" }, params, body }, ({ db, principal, body }) => …)`.
 * Order: authenticate (401/403), same-origin check for session mutations (403), rate limit (429), params (404),
 * query (400), body (413 while streaming, 415 if not JSON, 400 if invalid), then the handler.
 */
export function route<A extends Access, P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: RouteSpec<A, P, Q, B>,
  fn: (input: RouteInput<A, P, Q, B>) => Promise<Response>,
): Handler {
  const access = toAccess(spec.access);
  const handle = async (req: NextRequest, rawParams: RawParams) => {
    try {
      const db = await getDb();
      const { caller, limiterId } = await authenticate(req, db, access);
      if (spec.rateLimit) {
        const { name, message, ...limit } = spec.rateLimit;
        await enforceRateLimit(await getCacheStore(), `${name}:${limiterId}`, limit, message);
      }
      // The body's size is judged first (413 before any other verdict on the request), then its type, path and query.
      const maxBytes = spec.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
      const bytes = spec.rawBody ? await readBoundedBytes(req, maxBytes) : new Uint8Array(0);
      if (spec.contentType) {
        const verdict = spec.contentType(req.headers.get("content-type"));
        if (verdict !== true) throw new AppError("unsupported_media_type", verdict);
      }
      const json = spec.body ? await readJsonBody(req, maxBytes, { allowNul: spec.allowNul }) : undefined;
      const params = spec.params ? parseParams(spec.params, rawParams) : undefined;
      const query = spec.query ? spec.query.parse(queryObject(req)) : undefined;
      const body = spec.body ? spec.body.parse(json) : undefined;
      const input = { req, db, params, query, body, bytes, ...caller } as RouteInput<A, P, Q, B>;
      return await fn(input);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
  // The one place every API request is observed: its request id (the caller's X-Request-Id when valid, carried into
  // logs and the jobs it requests, echoed back), its latency and status by route template, and one log line.
  const wrapped = async (req: NextRequest, ctx: RouteContext) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers.get("x-request-id"));
    const rawParams = (await ctx?.params) ?? {};
    const template = routeTemplate(req.nextUrl.pathname, rawParams);
    return withRequestContext({ requestId }, async () => {
      const res = withHeaders(await handle(req, rawParams), { ...spec.headers, "Cache-Control": "no-store", "X-Request-Id": requestId });
      const seconds = (performance.now() - started) / 1000;
      recordHttpRequest(req.method, template, res.status, seconds);
      log("http").info({ method: req.method, route: template, status: res.status, durationMs: Math.round(seconds * 1000) }, "request");
      return res;
    });
  };
  const limits: RouteLimits = {
    maxBytes: spec.body || spec.rawBody ? (spec.maxBytes ?? DEFAULT_MAX_BODY_BYTES) : null,
    rateLimit: spec.rateLimit?.name ?? null,
  };
  return Object.assign(wrapped, { access, limits });
}
