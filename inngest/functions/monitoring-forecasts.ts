import { defineJob } from "@/lib/jobs/define";
import { MONITORING_FORECASTS_REQUESTED, type JobPayload } from "@/lib/jobs/catalog";
import { runDailyForecasts } from "@/lib/monitoring/store/forecasts";
import { forEachProject, jobNow } from "./per-project";

export { MONITORING_FORECASTS_REQUESTED };
export type MonitoringForecastsEvent = JobPayload<typeof MONITORING_FORECASTS_REQUESTED>;

/**
 * Daily at 01:10 UTC (after the 00:05 rollups have closed the previous day): refit the quality forecasts of every
 * project (30 days ahead, 80%/95% intervals, model chosen per series by backtest) and store them for the day.
 */
export const monitoringForecasts = defineJob<MonitoringForecastsEvent>({
  id: "monitoring-forecasts",
  name: "Monitoring daily quality forecasts",
  triggers: [{ cron: "10 1 * * *" }, { event: MONITORING_FORECASTS_REQUESTED }],
  retries: 2,
  handler: async ({ event, step, db }) => {
    const now = jobNow(event.data);
    const results = await forEachProject(db, step, event.data.projectId, (id) =>
      step.run(`forecast-${id}`, async () => ({ projectId: id, ...(await runDailyForecasts(db, id, now)) })),
    );
    return { results };
  },
});
