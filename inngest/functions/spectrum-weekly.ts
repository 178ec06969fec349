import { defineJob } from "@/lib/jobs/define";
import { SPECTRUM_WEEKLY_REQUESTED, periodJobKey, runPeriodJob, type PeriodJobEvent } from "@/lib/spectrum/store/period-jobs";

/**
 * Cron (0 4 * * 1 UTC) and on demand: per user, the week aggregate and its validated insight, replacing earlier
 * outputs, then the weekly-summary push to opted-in users. Steps per batch of 2,000 users: `aggregate-N` (one SQL
 * statement), then `insights-N` (from the stored aggregates) and `push-N` (when VAPID keys are set): a retry after a
 * rejected text redoes only that insight step, and rerunning a period replaces its outputs exactly without resending.
 */
export const spectrumWeekly = defineJob<PeriodJobEvent>({
  id: "spectrum-weekly",
  name: "Spectrum weekly aggregation + insights",
  triggers: [{ cron: "0 4 * * 1" }, { event: SPECTRUM_WEEKLY_REQUESTED }],
  retries: 2,
  idempotencyKey: (e) => periodJobKey(e.data, "week"),
  handler: async ({ event, step, db }) => runPeriodJob(db, step, "week", event.data),
});
