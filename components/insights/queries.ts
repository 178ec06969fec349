// Insights' queries: keys scoped by project, fetchers typed from the server functions behind /api/v1/insights.
import type { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import type { saveDimensionKeys } from "@/lib/insights/store/settings";
import { apiFetch, type Reply } from "@/components/ui/api";

export type RootCauseReply = Reply<typeof analyzeRootCause>;
export type DimensionSettingsReply = Reply<typeof saveDimensionKeys>;

export interface RootCauseQuery {
  metric: string;
  current: { from: string; to: string };
  baseline: { from: string; to: string };
}

export const insightsKeys = {
  all: (projectId: string) => ["project", projectId, "insights"] as const,
  settings: (projectId: string) => [...insightsKeys.all(projectId), "settings"] as const,
};

export const insightsApi = {
  rootCause: (body: RootCauseQuery) => apiFetch<RootCauseReply>("/api/v1/insights/root-cause", { method: "POST", body }),
  settings: () => apiFetch<DimensionSettingsReply>("/api/v1/insights/settings"),
  saveSettings: (dimensionKeys: string[]) => apiFetch<DimensionSettingsReply>("/api/v1/insights/settings", { method: "PUT", body: { dimensionKeys } }),
};
