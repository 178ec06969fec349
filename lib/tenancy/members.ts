// Members of an organization: listing, role changes and removal (joining is by invitation, lib/tenancy/store/invitations.ts).
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { memberships, organizations, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { assignableRoles, roles, type Role } from "@/lib/auth/permissions";
import type { Principal } from "@/lib/auth/session";
import { auditAs } from "@/lib/audit/record";
import { revokeSessions } from "@/lib/auth/session-version";

export const changeRoleSchema = z.object({ role: z.enum(roles) });

export function assertMayGrant(actor: Principal, role: Role) {
  if (!assignableRoles(actor.role).includes(role)) {
    throw new AppError("forbidden", `A ${actor.role} cannot grant the ${role} role`);
  }
}

export async function listMembers(db: Db, orgId: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      endUserId: memberships.endUserId,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.createdAt));
}

async function loadTarget(db: Db, orgId: string, userId: string) {
  const [row] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)))
    .limit(1);
  if (!row) throw new AppError("not_found", "No such member");
  return row;
}

/**
 * Serialises membership changes within one organization: the row lock is held until the transaction ends, so
 * two owners demoting each other cannot both see the other as the remaining owner.
 */
async function lockOrganization(tx: Db, orgId: string) {
  await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, orgId)).for("update");
}

/** The actor's role as it stands under the lock: a concurrent change may have demoted them since sign-in resolved it. */
async function currentActor(tx: Db, actor: Principal): Promise<Principal> {
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, actor.orgId), eq(memberships.userId, actor.userId)))
    .limit(1);
  if (!row) throw new AppError("forbidden", "You are no longer a member of this organization");
  return { ...actor, role: row.role };
}

async function assertNotLastOwner(db: Db, orgId: string, userId: string) {
  const owners = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.role, "owner")));
  if (owners.length === 1 && owners[0].userId === userId) {
    throw new AppError("conflict", "The organization must keep at least one owner");
  }
}

export async function changeMemberRole(db: Db, signedIn: Principal, userId: string, role: Role) {
  return db.transaction(async (tx) => {
    await lockOrganization(tx, signedIn.orgId);
    const actor = await currentActor(tx, signedIn);
    const target = await loadTarget(tx, actor.orgId, userId);
    if (target.role === "owner" && role !== "owner") await assertNotLastOwner(tx, actor.orgId, userId);
    assertMayGrant(actor, role);
    assertMayGrant(actor, target.role);
    await tx.update(memberships).set({ role }).where(eq(memberships.id, target.id));
    await auditAs(tx, actor, {
      action: "member.role_changed",
      targetType: "user",
      targetId: userId,
      details: { from: target.role, to: role },
    });
  });
}

export async function removeMember(db: Db, signedIn: Principal, userId: string) {
  return db.transaction(async (tx) => {
    await lockOrganization(tx, signedIn.orgId);
    const actor = await currentActor(tx, signedIn);
    const target = await loadTarget(tx, actor.orgId, userId);
    if (target.role === "owner") await assertNotLastOwner(tx, actor.orgId, userId);
    assertMayGrant(actor, target.role);
    await tx.delete(memberships).where(eq(memberships.id, target.id));
    // Their open sessions end now rather than whenever their tokens expire.
    await revokeSessions(tx, userId);
    await auditAs(tx, actor, {
      action: "member.removed",
      targetType: "user",
      targetId: userId,
      details: { role: target.role },
    });
  });
}
