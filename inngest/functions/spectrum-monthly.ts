import { defineJob } from "@/lib/jobs/define";
import { SPECTRUM_MONTHLY_REQUESTED, periodJobKey, runPeriodJob, type PeriodJobEvent } from "@/lib/spectrum/store/period-jobs";

/** Cron (0 5 1 * * UTC) and on demand: per user, the month aggregate and its validated insight, replacing earlier
 * outputs; aggregation steps then insight steps per batch of users, like the weekly job (no push). */
export const spectrumMonthly = defineJob<PeriodJobEvent>({
  id: "spectrum-monthly",
  name: "Spectrum monthly narrative",
  triggers: [{ cron: "0 5 1 * *" }, { event: SPECTRUM_MONTHLY_REQUESTED }],
  retries: 2,
  idempotencyKey: (e) => periodJobKey(e.data, "month"),
  handler: async ({ event, step, db }) => runPeriodJob(db, step, "month", event.data),
});
