// POST /api/v1/warehouse/export: the caller's project exported now, recorded in the job ledger like a run of the job.
import { z } from "zod";
import type { Db } from "@/db/client";
import { WAREHOUSE_EXPORT_REQUESTED } from "@/lib/jobs/catalog";
import { ledgerRecorder } from "@/lib/jobs/inline-run";
import { exportProjectTiers } from "./export";

export const exportNowQuerySchema = z.object({
  /** Rewrite every past day that still has hot rows, even those whose file already matches. */
  force: z.enum(["true", "false"]).optional().transform((v) => v === "true"),
});

/** Exports every whole UTC day before today and answers once the files and the manifest are written. */
export async function exportNow(db: Db, projectId: string, opts: { force?: boolean; now?: Date } = {}) {
  const record = ledgerRecorder(db, projectId, "api");
  return record({ functionId: "warehouse-export", eventName: WAREHOUSE_EXPORT_REQUESTED }, () => exportProjectTiers(db, projectId, opts));
}
