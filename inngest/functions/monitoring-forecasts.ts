import { defineJob } from "@/lib/jobs/define";
import { monitoredProjects } from "@/lib/monitoring/rollups/compute";
import { runDailyForecasts } from "@/lib/monitoring/store/forecasts";

export const MONITORING_FORECASTS_REQUESTED = "prism/monitoring.forecasts.requested";

export interface MonitoringForecastsEvent {
  projectId?: string;
  now?: string;
  scheduledAt?: string;
}

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
    const now = new Date(String(event.data.now ?? event.data.scheduledAt ?? new Date().toISOString()));
    const projects = event.data.projectId ? [event.data.projectId] : await step.run("list-projects", () => monitoredProjects(db));
    const results = [];
    for (const id of projects) results.push(await step.run(`forecast-${id}`, async () => ({ projectId: id, ...(await runDailyForecasts(db, id, now)) })));
    return { results };
  },
});
