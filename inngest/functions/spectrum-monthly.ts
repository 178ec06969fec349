import { defineJob } from "@/lib/jobs/define";
import { generatePeriodInsight } from "@/lib/spectrum/store/insights";
import { SPECTRUM_MONTHLY_REQUESTED, periodJobKey, targetPeriod, usersWithSessions, type PeriodJobEvent } from "@/lib/spectrum/store/period-jobs";

/** Cron (0 5 1 * * UTC) and on demand: per user, the month aggregate and its validated insight, replacing earlier outputs. */
export const spectrumMonthly = defineJob<PeriodJobEvent>({
  id: "spectrum-monthly",
  name: "Spectrum monthly narrative",
  triggers: [{ cron: "0 5 1 * *" }, { event: SPECTRUM_MONTHLY_REQUESTED }],
  retries: 2,
  idempotencyKey: (e) => periodJobKey(e.data, "month"),
  handler: async ({ event, step, db }) => {
    const range = targetPeriod(event.data, "month");
    const users = await step.run("list-users", () => usersWithSessions(db, range.start, range.end, event.data.projectId, event.data.userId));
    const insights = [];
    // One step per user: a retry after one user's failure does not regenerate the others.
    for (const u of users) {
      insights.push(
        await step.run(`insight-${u.projectId}-${u.userId}`, async () => {
          const out = await generatePeriodInsight(db, u.projectId, u.userId, "month", range.start);
          return { userId: u.userId, periodKey: range.key, rejectedAttempts: out?.rejectedAttempts ?? 0 };
        }),
      );
    }
    return { period: range.key, users: insights.length, insights };
  },
});
