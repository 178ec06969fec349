// Labels point at one version each: assigning a label to a version moves it off whichever version had it.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { promptLabels, promptVersions } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import { requirePrompt } from "./prompt-lookup";

/** Points `labels` at `version` (upsert per label). */
export async function assignLabels(db: Db, projectId: string, promptId: string, version: number, labels: string[]) {
  if (labels.length === 0) return;
  await db
    .insert(promptLabels)
    .values(labels.map((label) => ({ projectId, promptId, label, version })))
    .onConflictDoUpdate({ target: [promptLabels.promptId, promptLabels.label], set: { version, updatedAt: new Date() } });
}

/** Moves `newLabels` onto a version and takes `removeLabels` off it, audited with where each label came from. */
export async function movePromptLabels(
  db: Db,
  actor: ProjectActor,
  name: string,
  version: number,
  change: { newLabels: string[]; removeLabels: string[] },
) {
  const overlap = change.newLabels.filter((l) => change.removeLabels.includes(l));
  if (overlap.length) throw new AppError("invalid_request", `removeLabels: ${overlap.join(", ")} is also in newLabels`);
  return db.transaction(async (tx) => {
    const prompt = await requirePrompt(tx, actor.projectId, name);
    const [row] = await tx
      .select({ version: promptVersions.version })
      .from(promptVersions)
      .where(and(eq(promptVersions.promptId, prompt.id), eq(promptVersions.version, version)));
    if (!row) throw new AppError("not_found", `Prompt ${name} has no version ${version}`);
    const before = await tx.select().from(promptLabels).where(eq(promptLabels.promptId, prompt.id));
    const moved = change.newLabels.map((label) => ({ label, from: before.find((b) => b.label === label)?.version ?? null, to: version }));
    await assignLabels(tx, actor.projectId, prompt.id, version, [...new Set(change.newLabels)]);
    if (change.removeLabels.length) {
      await tx
        .delete(promptLabels)
        .where(and(eq(promptLabels.promptId, prompt.id), eq(promptLabels.version, version), inArray(promptLabels.label, change.removeLabels)));
    }
    await auditByActor(tx, actor, {
      action: "prompt.labels_moved",
      targetType: "prompt",
      targetId: prompt.id,
      details: { name, version, moved, removed: change.removeLabels },
    });
    return prompt;
  });
}
