// Settings' queries: keys scoped by project, fetchers typed from the server functions behind the settings routes.
import type { listAudit } from "@/lib/audit/record";
import type { createApiKey, listApiKeys } from "@/lib/tenancy/api-keys";
import type { listMembers } from "@/lib/tenancy/members";
import type { inviteMember } from "@/lib/tenancy/invite-member";
import type { listPendingInvitations } from "@/lib/tenancy/store/invitations";
import type { getProject } from "@/lib/tenancy/projects";
import type { ModelPrice } from "@/lib/traces/pricing/types";
import type { listPriceOverrides } from "@/lib/traces/store/model-prices";
import type { getTraceSettings } from "@/lib/traces/store/trace-settings";
import type { getBrowserSdkSettings } from "@/lib/browser-sdk/store/settings";
import type { BrowserSdkSettingsInput } from "@/lib/browser-sdk/settings";
import { apiFetch, type Reply } from "@/components/ui/api";

export type ProjectView = Reply<typeof getProject>;
export type AuditEntryView = Reply<typeof listAudit>[number];
export type MemberView = Reply<typeof listMembers>[number];
export type CreatedInvitation = Reply<typeof inviteMember>;
export type InvitationView = Reply<typeof listPendingInvitations>[number];
export type ApiKeyView = Reply<typeof listApiKeys>[number];
export type CreatedApiKey = Reply<typeof createApiKey>;
export type PriceOverrideView = Reply<typeof listPriceOverrides>[number];
export type TraceSettingsView = Reply<typeof getTraceSettings>;
export type TraceSettingsBody = Omit<TraceSettingsView, "updatedAt">;
export type BrowserSdkSettingsView = Reply<typeof getBrowserSdkSettings>;

export const settingsKeys = {
  project: (projectId: string) => ["project", projectId, "settings", "project"] as const,
  audit: (projectId: string) => ["project", projectId, "settings", "audit"] as const,
  members: (projectId: string) => ["project", projectId, "settings", "members"] as const,
  invitations: (projectId: string) => ["project", projectId, "settings", "invitations"] as const,
  apiKeys: (projectId: string) => ["project", projectId, "settings", "api-keys"] as const,
  modelPrices: (projectId: string) => ["project", projectId, "settings", "model-prices"] as const,
  traceSettings: (projectId: string) => ["project", projectId, "settings", "trace-settings"] as const,
  sdkSettings: (projectId: string) => ["project", projectId, "settings", "sdk-settings"] as const,
};

export const settingsApi = {
  project: () => apiFetch<{ project: ProjectView }>("/api/v1/project"),
  saveRetention: (retentionDays: number) => apiFetch("/api/v1/project", { method: "PATCH", body: { retentionDays } }),
  audit: () => apiFetch<{ entries: AuditEntryView[] }>("/api/v1/audit-log?limit=50"),
  members: () => apiFetch<{ members: MemberView[] }>("/api/v1/members"),
  inviteMember: (body: Record<string, string>) => apiFetch<CreatedInvitation>("/api/v1/members", { method: "POST", body }),
  invitations: () => apiFetch<{ invitations: InvitationView[] }>("/api/v1/invitations"),
  revokeInvitation: (id: string) => apiFetch(`/api/v1/invitations/${id}`, { method: "DELETE" }),
  changeRole: ({ userId, role }: { userId: string; role: string }) => apiFetch(`/api/v1/members/${userId}`, { method: "PATCH", body: { role } }),
  removeMember: (userId: string) => apiFetch(`/api/v1/members/${userId}`, { method: "DELETE" }),
  apiKeys: () => apiFetch<{ apiKeys: ApiKeyView[] }>("/api/v1/api-keys"),
  createApiKey: (name: string) => apiFetch<CreatedApiKey>("/api/v1/api-keys", { method: "POST", body: { name } }),
  revokeApiKey: (id: string) => apiFetch(`/api/v1/api-keys/${id}`, { method: "DELETE" }),
  modelPrices: () => apiFetch<{ defaults: ModelPrice[]; overrides: PriceOverrideView[] }>("/api/v1/model-prices"),
  savePrice: (rowId: string | null, body: ModelPrice) =>
    rowId ? apiFetch(`/api/v1/model-prices/${rowId}`, { method: "PUT", body }) : apiFetch("/api/v1/model-prices", { method: "POST", body }),
  deletePrice: (rowId: string) => apiFetch(`/api/v1/model-prices/${rowId}`, { method: "DELETE" }),
  traceSettings: () => apiFetch<{ settings: TraceSettingsView }>("/api/v1/trace-settings"),
  saveTraceSettings: (body: TraceSettingsBody) => apiFetch("/api/v1/trace-settings", { method: "PUT", body }),
  sdkSettings: () => apiFetch<{ settings: BrowserSdkSettingsView }>("/api/v1/project/sdk-settings"),
  saveSdkSettings: (body: BrowserSdkSettingsInput) => apiFetch("/api/v1/project/sdk-settings", { method: "PUT", body }),
};
