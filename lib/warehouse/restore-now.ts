// POST /api/v1/warehouse/restore: reload a date range of the caller's project's cold archives into the hot tables.
import { z } from "zod";
import type { Db } from "@/db/client";
import { restoreCold } from "./cold";
import { warehouseRoot } from "./location";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day (YYYY-MM-DD)");

export const restoreBodySchema = z
  .object({ from: day, to: day })
  .refine((b) => b.from <= b.to, { message: "from must not be after to", path: ["from"] })
  .refine((b) => Date.parse(b.to) - Date.parse(b.from) <= 366 * 86_400_000, { message: "at most 366 days at once", path: ["to"] });

/**
 * Restores days [from, to] (UTC, inclusive) from the cold tier. Idempotent: rows already hot are kept as they are.
 * Restored rows older than hot retention go again with the next retention run (they are still archived).
 */
export async function restoreNow(db: Db, projectId: string, body: z.infer<typeof restoreBodySchema>) {
  return restoreCold(db, projectId, body, warehouseRoot());
}
