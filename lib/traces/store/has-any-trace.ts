import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { traces } from "@/db/schema";

/** Whether the project has received any trace (the list page's first-run empty state). */
export async function hasAnyTrace(db: Db, projectId: string): Promise<boolean> {
  const rows = await db.select({ id: traces.id }).from(traces).where(eq(traces.projectId, projectId)).limit(1);
  return rows.length > 0;
}
