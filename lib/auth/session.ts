import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, projects, users } from "@/db/schema";
import type { Role } from "./permissions";
import { tokenSessionVersion } from "./session-version";

export interface Principal {
  userId: string;
  email: string;
  name: string | null;
  role: Role;
  orgId: string;
  projectId: string;
  projectName: string;
  /** For members: the end-user id whose Spectrum they own. */
  endUserId: string | null;
}

/** Who a session token says is signed in: its subject and the session version it was minted with (`sv` claim). */
export interface SessionClaims {
  sub: string;
  sv?: unknown;
}

/**
 * Resolves the signed-in user's role in the organization that owns the active project (the `prism-project`
 * cookie when it names a project they belong to, else their first project). Null when they belong nowhere,
 * or when the token predates the user's last sign-out or removal (its session version is no longer current).
 */
export async function resolvePrincipal(db: Db, claims: SessionClaims, preferredProjectId?: string): Promise<Principal | null> {
  const userId = claims.sub;
  const tokenVersion = tokenSessionVersion(claims.sv);
  if (tokenVersion === null) return null;
  const rows = await db
    .select({
      sessionVersion: users.sessionVersion,
      email: users.email,
      name: users.name,
      role: memberships.role,
      orgId: memberships.orgId,
      endUserId: memberships.endUserId,
      projectId: projects.id,
      projectName: projects.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(projects, eq(projects.orgId, memberships.orgId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt), asc(projects.createdAt));
  const found = rows.find((r) => r.projectId === preferredProjectId) ?? rows[0];
  if (!found || found.sessionVersion !== tokenVersion) return null;
  const { sessionVersion: _current, ...row } = found;
  return { userId, ...row };
}

/** Who a session token says is signed in, whatever organizations they belong to; null when the token is revoked. */
export async function resolveSignedInUser(db: Db, claims: SessionClaims): Promise<{ userId: string; email: string } | null> {
  const tokenVersion = tokenSessionVersion(claims.sv);
  if (tokenVersion === null) return null;
  const [row] = await db.select({ email: users.email, sessionVersion: users.sessionVersion }).from(users).where(eq(users.id, claims.sub)).limit(1);
  if (!row || row.sessionVersion !== tokenVersion) return null;
  return { userId: claims.sub, email: row.email };
}

export async function findMembership(db: Db, orgId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  return row ?? null;
}
