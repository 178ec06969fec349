import { defineJob } from "@/lib/jobs/define";
import { generatePeriodInsight } from "@/lib/spectrum/store/insights";
import { SPECTRUM_WEEKLY_REQUESTED, periodJobKey, targetPeriod, usersWithSessions, type PeriodJobEvent } from "@/lib/spectrum/store/period-jobs";

/** Cron (0 4 * * 1 UTC) and on demand: per user, the week aggregate and its validated insight, replacing earlier outputs. */
export const spectrumWeekly = defineJob<PeriodJobEvent>({
  id: "spectrum-weekly",
  name: "Spectrum weekly aggregation + insights",
  triggers: [{ cron: "0 4 * * 1" }, { event: SPECTRUM_WEEKLY_REQUESTED }],
  retries: 2,
  idempotencyKey: (e) => periodJobKey(e.data, "week"),
  handler: async ({ event, step, db }) => {
    const range = targetPeriod(event.data, "week");
    const users = await step.run("list-users", () => usersWithSessions(db, range.start, range.end, event.data.projectId, event.data.userId));
    const insights = [];
    // One step per user: a retry after one user's failure does not regenerate the others.
    for (const u of users) {
      insights.push(
        await step.run(`insight-${u.projectId}-${u.userId}`, async () => {
          const out = await generatePeriodInsight(db, u.projectId, u.userId, "week", range.start);
          return { userId: u.userId, periodKey: range.key, rejectedAttempts: out?.rejectedAttempts ?? 0 };
        }),
      );
    }
    return { period: range.key, users: insights.length, insights };
  },
});
