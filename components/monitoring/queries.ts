// Monitoring's queries: keys scoped by project, fetchers typed from the server functions behind /api/v1/monitoring.
import type { listAlertRules, listNotifications } from "@/lib/monitoring/store/alert-rules";
import type { listAnomalies } from "@/lib/monitoring/store/list";
import type { openAnomalyCounts } from "@/lib/monitoring/store/counts";
import type { listMutes, MuteDuration } from "@/lib/monitoring/store/mutes";
import type { metricSensitivities } from "@/lib/monitoring/store/review";
import type { Severity } from "@/lib/monitoring/anomaly/sensitivity";
import { apiFetch, type Reply } from "@/components/ui/api";

export type AnomalyStatusFilter = "all" | "active" | "open" | "acknowledged" | "false_positive" | "confirmed";
export type AnomalySeverityFilter = Severity;
export interface AnomalyFeedFilter {
  limit: number;
  /** The app's time range as its URL parameters (lib/time-range `rangeParams`); the API defaults to the last 7 days. */
  range?: string;
  from?: string;
  to?: string;
  status: AnomalyStatusFilter;
  severity?: AnomalySeverityFilter;
  metric?: string;
  dimension?: string;
  dimensionValue?: string;
  sort?: "severity" | "recent";
  muted?: "hide" | "show";
  cursor?: string;
}
type FeedPage = Reply<typeof listAnomalies>;
export type AnomalyFeedReply = {
  data: FeedPage["items"];
  nextCursor: FeedPage["nextCursor"];
  mutedHidden: number;
  openCounts: Reply<typeof openAnomalyCounts>;
  metrics: Reply<typeof metricSensitivities>;
};
export type AnomalyFeedItemView = AnomalyFeedReply["data"][number];
export type MutesReply = { data: Reply<typeof listMutes> };
export interface MuteRequest {
  metric: string;
  dimension?: string;
  dimensionValue?: string;
  duration: MuteDuration;
}
export type AlertRulesReply = { data: Reply<typeof listAlertRules>; channels: { webhook: boolean; email: boolean } };
export type NotificationsReply = { data: Reply<typeof listNotifications> };
export type AnomalyReviewStatus = "acknowledged" | "confirmed" | "false_positive";

export const monitoringKeys = {
  all: (projectId: string) => ["project", projectId, "monitoring"] as const,
  anomalies: (projectId: string) => [...monitoringKeys.all(projectId), "anomalies"] as const,
  anomalyFeed: (projectId: string, filter: AnomalyFeedFilter) => [...monitoringKeys.anomalies(projectId), filter] as const,
  mutes: (projectId: string) => [...monitoringKeys.anomalies(projectId), "mutes"] as const,
  alertRules: (projectId: string) => [...monitoringKeys.all(projectId), "alert-rules"] as const,
  notifications: (projectId: string) => [...monitoringKeys.all(projectId), "notifications"] as const,
};

export const monitoringApi = {
  anomalyFeed: ({ limit, status, ...rest }: AnomalyFeedFilter) => {
    const params = new URLSearchParams({ limit: String(limit) });
    if (status !== "all") params.set("status", status);
    for (const [key, value] of Object.entries(rest)) if (value) params.set(key, value);
    return apiFetch<AnomalyFeedReply>(`/api/v1/monitoring/anomalies?${params}`);
  },
  reviewAnomaly: ({ id, status }: { id: string; status: AnomalyReviewStatus }) =>
    apiFetch(`/api/v1/monitoring/anomalies/${id}/review`, { method: "POST", body: { status } }),
  reviewAnomalies: ({ ids, status }: { ids: string[]; status: AnomalyReviewStatus }) =>
    apiFetch("/api/v1/monitoring/anomalies/review", { method: "POST", body: { ids, status } }),
  mutes: () => apiFetch<MutesReply>("/api/v1/monitoring/mutes"),
  mute: (body: MuteRequest) => apiFetch("/api/v1/monitoring/mutes", { method: "POST", body }),
  unmute: (id: string) => apiFetch(`/api/v1/monitoring/mutes/${id}`, { method: "DELETE" }),
  alertRules: () => apiFetch<AlertRulesReply>("/api/v1/monitoring/alert-rules"),
  createAlertRule: (body: unknown) => apiFetch("/api/v1/monitoring/alert-rules", { method: "POST", body }),
  patchAlertRule: ({ id, body }: { id: string; body: unknown }) => apiFetch(`/api/v1/monitoring/alert-rules/${id}`, { method: "PATCH", body }),
  deleteAlertRule: (id: string) => apiFetch(`/api/v1/monitoring/alert-rules/${id}`, { method: "DELETE" }),
  notifications: () => apiFetch<NotificationsReply>("/api/v1/monitoring/notifications"),
  acknowledgeNotification: (id: string) => apiFetch(`/api/v1/monitoring/notifications/${id}/acknowledge`, { method: "POST" }),
};
