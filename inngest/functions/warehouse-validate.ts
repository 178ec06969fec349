import { defineJob } from "@/lib/jobs/define";
import { WAREHOUSE_VALIDATE_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { validateManifest } from "@/lib/warehouse/validate";

/**
 * Weekly: every file the storage manifest names is re-read and checked against its size and sha256. A missing or
 * altered file fails the run (and, after its retries, lands in the dead letters the Jobs page shows), naming the files.
 */
export const warehouseValidate = defineJob<JobPayload<typeof WAREHOUSE_VALIDATE_REQUESTED>>({
  id: "warehouse-validate",
  name: "Storage manifest checksum validator",
  triggers: [{ cron: "0 4 * * 0" }, { event: WAREHOUSE_VALIDATE_REQUESTED }],
  retries: 1,
  handler: async ({ step, db, event }) => {
    const result = await step.run("validate", () => validateManifest(db, event.data.projectId));
    if (result.problems.length) {
      const named = result.problems.slice(0, 10).map((p) => `${p.path} (${p.problem})`).join(", ");
      throw new Error(`${result.problems.length} of ${result.checked} warehouse files fail validation: ${named}`);
    }
    return result;
  },
});
