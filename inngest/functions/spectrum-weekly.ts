import { defineJob } from "@/lib/jobs/define";
import { SPECTRUM_WEEKLY_REQUESTED, periodJobKey, runPeriodJob, type PeriodJobEvent } from "@/lib/spectrum/store/period-jobs";

/**
 * Cron (0 4 * * 1 UTC) and on demand: per user, the week aggregate and its validated insight, replacing earlier
 * outputs. One step per batch of users (set-based reads and bulk writes): a retry after a rejected text redoes only
 * that batch, and rerunning a batch replaces its outputs exactly.
 */
export const spectrumWeekly = defineJob<PeriodJobEvent>({
  id: "spectrum-weekly",
  name: "Spectrum weekly aggregation + insights",
  triggers: [{ cron: "0 4 * * 1" }, { event: SPECTRUM_WEEKLY_REQUESTED }],
  retries: 2,
  idempotencyKey: (e) => periodJobKey(e.data, "week"),
  handler: async ({ event, step, db }) => runPeriodJob(db, step, "week", event.data),
});
