// Who acted in a project on a route open to both a signed-in member and a project API key: audit rows and "created
// by" columns name the user, or the key when no user was involved.
import { recordAudit, type AuditEntry } from "@/lib/audit/record";
import type { Db } from "@/db/client";
import type { Principal } from "./session";
import type { ApiKeyPrincipal } from "./api-keys";

export interface ProjectActor {
  projectId: string;
  orgId: string;
  userId: string | null;
  email: string | null;
  apiKeyId: string | null;
}

/** Records a change made by `actor` (inside the change's transaction); a key's id goes into the details. */
export async function auditByActor(db: Db, actor: ProjectActor, entry: Pick<AuditEntry, "action" | "targetType" | "targetId" | "details">) {
  await recordAudit(db, {
    orgId: actor.orgId,
    projectId: actor.projectId,
    actor: { userId: actor.userId, email: actor.email },
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: { ...entry.details, ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}) },
  });
}

/** The actor of a route declared `{ session, apiKey: true }`: the signed-in member, or else the project's key. */
export function actorOf(caller: { principal: Principal | null; apiKey: ApiKeyPrincipal | null }): ProjectActor {
  if (caller.principal) {
    const p = caller.principal;
    return { projectId: p.projectId, orgId: p.orgId, userId: p.userId, email: p.email, apiKeyId: null };
  }
  const k = caller.apiKey!;
  return { projectId: k.projectId, orgId: k.orgId, userId: null, email: null, apiKeyId: k.apiKeyId };
}
