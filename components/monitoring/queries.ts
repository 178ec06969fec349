// Monitoring's queries: keys scoped by project, fetchers typed from the server functions behind /api/v1/monitoring.
import type { listAlertRules, listNotifications } from "@/lib/monitoring/store/alert-rules";
import type { listAnomalies } from "@/lib/monitoring/store/list";
import type { metricSensitivities } from "@/lib/monitoring/store/review";
import { apiFetch, type Reply } from "@/components/ui/api";

export interface AnomalyFeedFilter {
  limit: number;
  status: "active" | "all";
}
export type AnomalyFeedReply = { data: Reply<typeof listAnomalies>; metrics: Reply<typeof metricSensitivities> };
export type AlertRulesReply = { data: Reply<typeof listAlertRules>; channels: { webhook: boolean; email: boolean } };
export type NotificationsReply = { data: Reply<typeof listNotifications> };
export type AnomalyReviewStatus = "acknowledged" | "confirmed" | "false_positive";

export const monitoringKeys = {
  all: (projectId: string) => ["project", projectId, "monitoring"] as const,
  anomalies: (projectId: string) => [...monitoringKeys.all(projectId), "anomalies"] as const,
  anomalyFeed: (projectId: string, filter: AnomalyFeedFilter) => [...monitoringKeys.anomalies(projectId), filter] as const,
  alertRules: (projectId: string) => [...monitoringKeys.all(projectId), "alert-rules"] as const,
  notifications: (projectId: string) => [...monitoringKeys.all(projectId), "notifications"] as const,
};

export const monitoringApi = {
  anomalyFeed: ({ limit, status }: AnomalyFeedFilter) => {
    const params = new URLSearchParams({ limit: String(limit) });
    if (status === "active") params.set("status", "active");
    return apiFetch<AnomalyFeedReply>(`/api/v1/monitoring/anomalies?${params}`);
  },
  reviewAnomaly: ({ id, status }: { id: string; status: AnomalyReviewStatus }) =>
    apiFetch(`/api/v1/monitoring/anomalies/${id}/review`, { method: "POST", body: { status } }),
  alertRules: () => apiFetch<AlertRulesReply>("/api/v1/monitoring/alert-rules"),
  createAlertRule: (body: unknown) => apiFetch("/api/v1/monitoring/alert-rules", { method: "POST", body }),
  patchAlertRule: ({ id, body }: { id: string; body: unknown }) => apiFetch(`/api/v1/monitoring/alert-rules/${id}`, { method: "PATCH", body }),
  deleteAlertRule: (id: string) => apiFetch(`/api/v1/monitoring/alert-rules/${id}`, { method: "DELETE" }),
  notifications: () => apiFetch<NotificationsReply>("/api/v1/monitoring/notifications"),
  acknowledgeNotification: (id: string) => apiFetch(`/api/v1/monitoring/notifications/${id}/acknowledge`, { method: "POST" }),
};
