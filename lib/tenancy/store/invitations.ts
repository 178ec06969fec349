// Why: joining an organization takes the invitee's consent (issue 12 #16). An admin's invitation attaches nobody and
// reveals nothing about accounts elsewhere; the holder of the one-time token accepts it, signed in with the invited
// email or by creating that account. Every change is audited in its own transaction.
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invitations, memberships, organizations, projects, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/auth/session";
import { hashPassword } from "@/lib/auth/passwords";
import { auditAs, recordAudit } from "@/lib/audit/record";
import { assertMayGrant } from "@/lib/tenancy/members";
import {
  hashInvitationToken,
  INVITATION_TTL_MS,
  invitationRefusal,
  newInvitationToken,
  type AcceptInvitationInput,
  type InviteMemberInput,
} from "@/lib/tenancy/invitation-token";

const pendingOf = (orgId: string, now: Date) =>
  and(eq(invitations.orgId, orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

/**
 * Creates an invitation and returns its one-time token (shown once, never stored). The reply does not depend on
 * whether the email has an account anywhere; only membership of this organization (visible to its admins) is refused.
 * A new invitation for the same email replaces the pending one.
 */
export async function createInvitation(db: Db, actor: Principal, input: InviteMemberInput, now = new Date()) {
  assertMayGrant(actor, input.role);
  const token = newInvitationToken();
  return db.transaction(async (tx) => {
    const [member] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.orgId, actor.orgId), eq(users.email, input.email)))
      .limit(1);
    if (member) throw new AppError("conflict", `${input.email} is already a member`);
    const replaced = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(pendingOf(actor.orgId, now), eq(invitations.email, input.email)))
      .returning({ id: invitations.id });
    const [row] = await tx
      .insert(invitations)
      .values({
        orgId: actor.orgId,
        email: input.email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        invitedBy: actor.userId,
        createdAt: now,
      })
      .returning();
    const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, actor.orgId));
    await auditAs(tx, actor, {
      action: "member.invited",
      targetType: "invitation",
      targetId: row.id,
      details: { email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString(), replaced: replaced.map((r) => r.id) },
    });
    return { invitation: { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt }, token, organization: org.name };
  });
}

export async function listPendingInvitations(db: Db, orgId: string, now = new Date()) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
      invitedBy: users.email,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(pendingOf(orgId, now))
    .orderBy(asc(invitations.createdAt));
}

export async function revokeInvitation(db: Db, actor: Principal, id: string, now = new Date()) {
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, id), eq(invitations.orgId, actor.orgId)))
      .for("update");
    if (!inv) throw new AppError("not_found", "No such invitation");
    const refusal = invitationRefusal(inv, now);
    if (refusal) throw new AppError("conflict", refusal);
    assertMayGrant(actor, inv.role);
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id));
    await auditAs(tx, actor, { action: "member.invitation_revoked", targetType: "invitation", targetId: id, details: { email: inv.email, role: inv.role } });
  });
}

/** The invitation a token names, locked for the rest of the transaction; refused when unknown, used, revoked or expired. */
async function usableInvitation(tx: Db, token: string, now: Date, lock: boolean) {
  const query = tx
    .select({ inv: invitations, organization: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, hashInvitationToken(token)));
  const [found] = lock ? await query.for("update", { of: invitations }) : await query;
  if (!found) throw new AppError("not_found", "This invitation link is not valid. Check that you copied all of it.");
  const refusal = invitationRefusal(found.inv, now);
  if (refusal) throw new AppError("conflict", refusal);
  return found;
}

/** What the invitee is asked to accept: organization, email and role. */
export async function lookupInvitation(db: Db, token: string, now = new Date()) {
  const { inv, organization } = await usableInvitation(db, token, now, false);
  return { organization, email: inv.email, role: inv.role, expiresAt: inv.expiresAt };
}

/** Who is signed in, if anyone, whatever organizations they belong to. */
export interface SignedInUser {
  userId: string;
  email: string;
}

/**
 * Accepts an invitation once. A signed-in visitor must hold the invited email; a visitor without a session creates
 * the invited account (name and password), which must not exist yet (then they sign in first).
 */
export async function acceptInvitation(db: Db, visitor: SignedInUser | null, input: AcceptInvitationInput, now = new Date()) {
  // Hashing costs ~70 ms of CPU: only for a token that is still usable, so random tokens cannot buy server time.
  if (!visitor && input.password) await usableInvitation(db, input.token, now, false);
  const passwordHash = !visitor && input.password ? await hashPassword(input.password) : null;
  return db.transaction(async (tx) => {
    const { inv, organization } = await usableInvitation(tx, input.token, now, true);
    let user: SignedInUser;
    let createdAccount = false;
    if (visitor) {
      if (visitor.email !== inv.email) {
        throw new AppError(
          "forbidden",
          `This invitation is for ${inv.email}, but you are signed in as ${visitor.email}. Sign out, then open the link again.`,
        );
      }
      user = visitor;
    } else {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, inv.email)).limit(1);
      if (existing) throw new AppError("unauthorized", `An account for ${inv.email} already exists: sign in with it, then open the link again.`);
      if (!input.name) throw new AppError("invalid_request", "name: is required to create your account");
      if (!passwordHash) throw new AppError("invalid_request", "password: is required to create your account");
      const [created] = await tx
        .insert(users)
        .values({ email: inv.email, name: input.name, passwordHash, createdAt: now })
        .onConflictDoNothing()
        .returning({ userId: users.id, email: users.email });
      if (!created) throw new AppError("unauthorized", `An account for ${inv.email} already exists: sign in with it, then open the link again.`);
      user = created;
      createdAccount = true;
    }
    const joined = await tx
      .insert(memberships)
      .values({ orgId: inv.orgId, userId: user.userId, role: inv.role, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: memberships.id });
    if (joined.length === 0) throw new AppError("conflict", `You are already a member of ${organization}.`);
    await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: user.userId })
      .where(eq(invitations.id, inv.id));
    await recordAudit(tx, {
      orgId: inv.orgId,
      actor: { userId: user.userId, email: user.email },
      action: "member.invitation_accepted",
      targetType: "user",
      targetId: user.userId,
      details: { invitationId: inv.id, email: inv.email, role: inv.role, createdAccount },
    });
    // The organization's first project becomes the active one, so the invitee lands in what they joined.
    const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.orgId, inv.orgId)).orderBy(asc(projects.createdAt)).limit(1);
    return { organization, orgId: inv.orgId, projectId: project?.id ?? null, userId: user.userId, email: inv.email, role: inv.role, createdAccount };
  });
}
