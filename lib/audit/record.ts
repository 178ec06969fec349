import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";

export interface AuditActor {
  userId: string | null;
  email: string | null;
}

export interface AuditEntry {
  orgId: string;
  projectId?: string | null;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

/** Every change to members, roles, keys, settings and job replays goes through here (inside the change's transaction). */
export async function recordAudit(db: Db, entry: AuditEntry) {
  await db.insert(auditLog).values({
    orgId: entry.orgId,
    projectId: entry.projectId ?? null,
    actorUserId: entry.actor.userId,
    actorEmail: entry.actor.email,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
  });
}

export async function listAudit(db: Db, orgId: string, opts: { limit?: number; before?: Date } = {}) {
  const limit = Math.min(opts.limit ?? 50, 200);
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.orgId, orgId), opts.before ? lt(auditLog.createdAt, opts.before) : undefined))
    .orderBy(desc(auditLog.createdAt))
    .limit(limit);
}

/** Who an audited change is attributed to: a signed-in member acting in their active project. */
export interface MemberActor {
  userId: string;
  email: string;
  orgId: string;
  projectId: string;
}

/** Records a change made by a signed-in user in their active project. */
export async function auditAs(
  db: Db,
  principal: MemberActor,
  entry: Pick<AuditEntry, "action" | "targetType" | "targetId" | "details">,
) {
  await recordAudit(db, {
    orgId: principal.orgId,
    projectId: principal.projectId,
    actor: { userId: principal.userId, email: principal.email },
    ...entry,
  });
}
