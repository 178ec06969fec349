// Insights' queries: keys scoped by project, fetchers typed from the server functions behind /api/v1/insights.
import type { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import type { saveDimensionKeys } from "@/lib/insights/store/settings";
import type { giveSuggestionFeedback, listSuggestions, SuggestionFilter } from "@/lib/insights/store/suggestions";
import type { usefulShareByWeek } from "@/lib/insights/suggestions/summary";
import type { Verdict } from "@/lib/insights/suggestions/reconcile";
import { apiFetch, type Reply } from "@/components/ui/api";

export type RootCauseReply = Reply<typeof analyzeRootCause>;
export type DimensionSettingsReply = Reply<typeof saveDimensionKeys>;
export type SuggestionsReply = { data: Reply<typeof listSuggestions> };
export type SuggestionItem = SuggestionsReply["data"][number];
export type SuggestionFeedbackReply = { suggestion: Reply<typeof giveSuggestionFeedback> };
export type SuggestionSummaryReply = Reply<typeof usefulShareByWeek>;
export type { SuggestionFilter, Verdict };

export interface RootCauseQuery {
  metric: string;
  current: { from: string; to: string };
  baseline: { from: string; to: string };
}

export const insightsKeys = {
  all: (projectId: string) => ["project", projectId, "insights"] as const,
  settings: (projectId: string) => [...insightsKeys.all(projectId), "settings"] as const,
  suggestions: (projectId: string) => [...insightsKeys.all(projectId), "suggestions"] as const,
  suggestionList: (projectId: string, status: SuggestionFilter) => [...insightsKeys.suggestions(projectId), "list", status] as const,
  suggestionSummary: (projectId: string) => [...insightsKeys.suggestions(projectId), "summary"] as const,
};

export const insightsApi = {
  rootCause: (body: RootCauseQuery) => apiFetch<RootCauseReply>("/api/v1/insights/root-cause", { method: "POST", body }),
  settings: () => apiFetch<DimensionSettingsReply>("/api/v1/insights/settings"),
  suggestions: (status: SuggestionFilter) => apiFetch<SuggestionsReply>(`/api/v1/insights/suggestions?status=${encodeURIComponent(status)}`),
  suggestionSummary: () => apiFetch<SuggestionSummaryReply>("/api/v1/insights/suggestions/summary"),
  suggestionFeedback: ({ id, verdict }: { id: string; verdict: Verdict }) =>
    apiFetch<SuggestionFeedbackReply>(`/api/v1/insights/suggestions/${encodeURIComponent(id)}/feedback`, { method: "POST", body: { verdict } }),
  refreshSuggestions: () => apiFetch<{ requested: boolean }>("/api/v1/insights/suggestions/refresh", { method: "POST" }),
  saveSettings: (dimensionKeys: string[]) => apiFetch<DimensionSettingsReply>("/api/v1/insights/settings", { method: "PUT", body: { dimensionKeys } }),
};
