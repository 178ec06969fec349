import { defineJob } from "@/lib/jobs/define";
import { WAREHOUSE_EXPORT_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { exportProjectTiers, projectsToExport } from "@/lib/warehouse/export";
import { compactProject } from "@/lib/warehouse/compact";
import { sweepOrphans } from "@/lib/warehouse/sweep";
import { jobNow } from "./per-project";

/**
 * Nightly (before housekeeping, whose retention deletes only exported days of warm-tier projects): writes each
 * warm-tier project's whole past days of events to Parquet, then compacts its closed months (lib/warehouse/compact.ts) and sweeps files the manifest does not name (lib/warehouse/sweep.ts). On demand for one project (POST /api/v1/warehouse/export).
 */
export const warehouseExport = defineJob<JobPayload<typeof WAREHOUSE_EXPORT_REQUESTED>>({
  id: "warehouse-export",
  name: "Warm tier export (Parquet)",
  triggers: [{ cron: "30 2 * * *" }, { event: WAREHOUSE_EXPORT_REQUESTED }],
  retries: 3,
  handler: async ({ step, db, event }) => {
    const now = jobNow(event.data);
    const ids = await step.run("list-projects", () => projectsToExport(db, event.data.projectId));
    const exports = [];
    const compactions = [];
    const sweeps = [];
    for (const id of ids) {
      exports.push(await step.run(`export-${id}`, () => exportProjectTiers(db, id, { now, force: event.data.force })));
      // Closed months merged into one file each (a no-op once done): after the export, so the two never race.
      compactions.push(await step.run(`compact-${id}`, () => compactProject(db, id, { now })));
      // Files the manifest does not name (a crashed re-compaction's month file, a dead write's temp file), an hour old or more.
      sweeps.push(await step.run(`sweep-${id}`, () => sweepOrphans(db, id, { now })));
    }
    return { exports, compactions, sweeps };
  },
});
