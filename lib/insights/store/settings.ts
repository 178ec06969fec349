/** The project's insight settings: which trace metadata keys root cause analysis uses as dimensions. */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { insightSettings } from "@/db/schema";

export async function projectDimensionKeys(db: Db, projectId: string): Promise<string[]> {
  const [row] = await db.select({ keys: insightSettings.dimensionKeys }).from(insightSettings).where(eq(insightSettings.projectId, projectId));
  return row?.keys ?? [];
}

export async function saveDimensionKeys(db: Db, projectId: string, keys: string[]): Promise<{ dimensionKeys: string[] }> {
  const unique = [...new Set(keys)];
  await db
    .insert(insightSettings)
    .values({ projectId, dimensionKeys: unique })
    .onConflictDoUpdate({ target: insightSettings.projectId, set: { dimensionKeys: unique, updatedAt: new Date() } });
  return { dimensionKeys: unique };
}
