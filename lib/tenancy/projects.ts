import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { projects } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/auth/session";
import { auditAs } from "@/lib/audit/record";

export const updateProjectSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    retentionDays: z.number().int().min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").optional(),
    /** Storage tiers (lib/warehouse): export past days to Parquet, and keep them there this long. */
    warmTier: z.boolean().optional(),
    warmRetentionDays: z.number().int().min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").optional(),
    /** The cold tier's raw archives (lib/warehouse/cold) are kept this long. */
    coldRetentionDays: z.number().int().min(1, "must be at least 1 day").max(3650, "must be at most 3650 days").optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), "name, retentionDays, warmTier, warmRetentionDays or coldRetentionDays: give at least one");

export async function getProject(db: Db, projectId: string) {
  const [row] = await db.select().from(projects).where(eq(projects.id, projectId)).limit(1);
  if (!row) throw new AppError("not_found", "No such project");
  return row;
}

export async function updateProject(db: Db, actor: Principal, input: z.infer<typeof updateProjectSchema>) {
  return db.transaction(async (tx) => {
    const before = await getProject(tx, actor.projectId);
    const [after] = await tx.update(projects).set(input).where(eq(projects.id, actor.projectId)).returning();
    await auditAs(tx, actor, {
      action: "project.updated",
      targetType: "project",
      targetId: actor.projectId,
      details: { before: { name: before.name, retentionDays: before.retentionDays, warmTier: before.warmTier, warmRetentionDays: before.warmRetentionDays, coldRetentionDays: before.coldRetentionDays }, after: input },
    });
    return after;
  });
}
