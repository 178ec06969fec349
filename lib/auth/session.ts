import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, projects, users } from "@/db/schema";
import type { Role } from "./permissions";

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

/**
 * Resolves the signed-in user's role in the organization that owns the active project (the `prism-project`
 * cookie when it names a project they belong to, else their first project). Null when they belong nowhere.
 */
export async function resolvePrincipal(db: Db, userId: string, preferredProjectId?: string): Promise<Principal | null> {
  const rows = await db
    .select({
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
  const row = rows.find((r) => r.projectId === preferredProjectId) ?? rows[0];
  if (!row) return null;
  return { userId, ...row };
}

export async function findMembership(db: Db, orgId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  return row ?? null;
}
