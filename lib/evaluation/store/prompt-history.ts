// Who changed a prompt and how (new versions, label moves), read from the audit log.
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";

export async function promptHistory(db: Db, projectId: string, promptId: string, limit = 100) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.projectId, projectId), eq(auditLog.targetType, "prompt"), eq(auditLog.targetId, promptId)))
    .orderBy(desc(auditLog.createdAt))
    .limit(limit);
  return rows.map((r) => ({
    action: r.action,
    actor: r.actorEmail ?? (r.details && typeof r.details === "object" && "apiKeyId" in r.details ? "API key" : "unknown"),
    details: r.details,
    at: r.createdAt.toISOString(),
  }));
}
