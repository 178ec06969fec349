// Finding a prompt by name within a project, and its newest version number (shared by the version and label stores).
import { and, eq, max } from "drizzle-orm";
import type { Db } from "@/db/client";
import { prompts, promptVersions } from "@/db/schema";
import { AppError } from "@/lib/errors";

export async function findPrompt(db: Db, projectId: string, name: string) {
  const [row] = await db.select().from(prompts).where(and(eq(prompts.projectId, projectId), eq(prompts.name, name)));
  return row ?? null;
}

export async function requirePrompt(db: Db, projectId: string, name: string) {
  const row = await findPrompt(db, projectId, name);
  if (!row) throw new AppError("not_found", `No prompt named ${name}`);
  return row;
}

export async function latestVersion(db: Db, promptId: string): Promise<number> {
  const [row] = await db.select({ v: max(promptVersions.version) }).from(promptVersions).where(eq(promptVersions.promptId, promptId));
  return row?.v ?? 0;
}
