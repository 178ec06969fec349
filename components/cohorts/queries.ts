// Cohorts' queries: keys scoped by project, fetchers typed from the server functions behind /api/v1/cohorts.
import type { getCohort, listCohortMembers, listCohorts } from "@/lib/cohorts/store/cohorts";
import type { RefreshResult } from "@/lib/cohorts/store/refresh";
import type { analyseCohorts } from "@/lib/cohorts/analysis";
import { apiFetch, type Jsonified, type Reply } from "@/components/ui/api";

export type CohortList = { data: Reply<typeof listCohorts> };
export type CohortDetail = Reply<typeof getCohort>;
export type CohortMembersPage = Reply<typeof listCohortMembers>;
export type CohortComparison = Reply<typeof analyseCohorts>;

export const cohortKeys = {
  all: (projectId: string) => ["project", projectId, "cohorts"] as const,
  list: (projectId: string) => [...cohortKeys.all(projectId), "list"] as const,
  detail: (projectId: string, id: string) => [...cohortKeys.all(projectId), "detail", id] as const,
  members: (projectId: string, id: string, cursor: string | null) => [...cohortKeys.detail(projectId, id), "members", cursor] as const,
  compare: (projectId: string, body: unknown) => [...cohortKeys.all(projectId), "compare", body] as const,
};

export const cohortsApi = {
  list: () => apiFetch<CohortList>("/api/v1/cohorts"),
  create: (body: { name: string; definition: unknown }) => apiFetch<{ id: string }>("/api/v1/cohorts", { method: "POST", body }),
  detail: (id: string) => apiFetch<CohortDetail>(`/api/v1/cohorts/${id}`),
  patch: ({ id, body }: { id: string; body: { name?: string; definition?: unknown } }) => apiFetch(`/api/v1/cohorts/${id}`, { method: "PATCH", body }),
  remove: (id: string) => apiFetch(`/api/v1/cohorts/${id}`, { method: "DELETE" }),
  refresh: (id: string) => apiFetch<Jsonified<RefreshResult>>(`/api/v1/cohorts/${id}/refresh`, { method: "POST" }),
  members: (id: string, cursor: string | null) =>
    apiFetch<CohortMembersPage>(`/api/v1/cohorts/${id}/members?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`),
  compare: (body: { cohorts: string[]; from: string; to: string }) => apiFetch<CohortComparison>("/api/v1/cohorts/compare", { method: "POST", body }),
};
