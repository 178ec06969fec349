import type { NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import type { Db } from "@/db/client";
import { getDb } from "@/db/client";
import { AppError, toErrorResponse } from "./errors";
import { can, type Permission } from "@/lib/auth/permissions";
import { resolvePrincipal, type Principal } from "@/lib/auth/session";
import { authenticateApiKey, type ApiKeyPrincipal } from "@/lib/auth/api-keys";
import { env } from "@/lib/env";

export const PROJECT_COOKIE = "prism-project";

type Params = Record<string, string | string[]>;
interface RouteContext {
  params: Promise<Params>;
}
export type RouteAccess = { kind: "session"; permission: Permission } | { kind: "apiKey" } | { kind: "public" };
export type Handler = ((req: NextRequest, ctx: RouteContext) => Promise<Response>) & { access: RouteAccess };

function declare(access: RouteAccess, fn: (req: NextRequest, ctx: RouteContext) => Promise<Response>): Handler {
  const wrapped = async (req: NextRequest, ctx: RouteContext) => {
    try {
      return await fn(req, ctx);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
  return Object.assign(wrapped, { access });
}

export async function sessionPrincipal(req: NextRequest, db: Db): Promise<Principal | null> {
  const token = await getToken({ req, secret: env().NEXTAUTH_SECRET });
  if (!token?.sub) return null;
  return resolvePrincipal(db, { sub: token.sub, sv: token.sv }, req.cookies.get(PROJECT_COOKIE)?.value);
}

/** A dashboard endpoint: a signed-in user whose role in the active project's organization grants `permission`. */
export function withSession(
  permission: Permission,
  fn: (req: NextRequest, ctx: { db: Db; principal: Principal; params: Params }) => Promise<Response>,
): Handler {
  return declare({ kind: "session", permission }, async (req, ctx) => {
    const db = await getDb();
    const principal = await sessionPrincipal(req, db);
    if (!principal) throw new AppError("unauthorized", "Sign in first");
    if (!can(principal.role, permission)) {
      throw new AppError("forbidden", `Your role (${principal.role}) lacks the ${permission} permission`);
    }
    return fn(req, { db, principal, params: await ctx.params });
  });
}

/** A public API endpoint authenticated with a project API key. */
export function withApiKey(
  fn: (req: NextRequest, ctx: { db: Db; apiKey: ApiKeyPrincipal; params: Params }) => Promise<Response>,
): Handler {
  return declare({ kind: "apiKey" }, async (req, ctx) => {
    const db = await getDb();
    const apiKey = await authenticateApiKey(db, req.headers.get("authorization"));
    return fn(req, { db, apiKey, params: await ctx.params });
  });
}

/** An endpoint anyone may call (health). */
export function publicRoute(fn: (req: NextRequest, ctx: { db: Db }) => Promise<Response>): Handler {
  return declare({ kind: "public" }, async (req) => fn(req, { db: await getDb() }));
}
