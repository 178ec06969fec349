// Spectrum's queries: keys scoped by project, fetchers typed from the server functions behind /api/v1/spectrum
// (the member's own routes) and the admin erasure route.
import type { spectrumUserApi } from "@/lib/spectrum/store/user-api";
import type { deleteEndUser } from "@/lib/spectrum/store/delete-user";
import { apiFetch, type Reply } from "@/components/ui/api";
import type { MemberEngagement } from "./engagement";

export type SpectrumOverviewView = Reply<typeof spectrumUserApi.overview>;
export type PushStatusView = Reply<typeof spectrumUserApi.pushStatus>;
export type ErasedUser = Reply<typeof deleteEndUser>;

export const spectrumKeys = {
  me: (projectId: string) => ["project", projectId, "spectrum", "me"] as const,
  push: (projectId: string) => ["project", projectId, "spectrum", "me", "push"] as const,
};

export const spectrumApi = {
  overview: () => apiFetch<SpectrumOverviewView>("/api/v1/spectrum/me"),
  exclude: (sessionId: string) => apiFetch("/api/v1/spectrum/me/exclusions", { method: "POST", body: { sessionId } }),
  restore: (exclusionId: string) => apiFetch(`/api/v1/spectrum/me/exclusions/${exclusionId}`, { method: "DELETE" }),
  reset: () => apiFetch("/api/v1/spectrum/me/reset", { method: "POST", body: {} }),
  engaged: (kind: MemberEngagement) => apiFetch("/api/v1/spectrum/me/engagement", { method: "POST", body: { kind } }),
  pushStatus: () => apiFetch<PushStatusView>("/api/v1/spectrum/me/push"),
  subscribePush: (subscription: PushSubscriptionJSON) => apiFetch("/api/v1/spectrum/me/push", { method: "POST", body: subscription }),
  unsubscribePush: (endpoint: string) => apiFetch("/api/v1/spectrum/me/push", { method: "DELETE", body: { endpoint } }),
  eraseUser: (userId: string) => apiFetch<ErasedUser>(`/api/v1/users/${encodeURIComponent(userId)}/erase`, { method: "POST", body: {} }),
};
