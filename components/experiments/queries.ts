// Experiments' fetchers for the dashboard's mutations (the pages read on the server and refresh after each).
import type { StatusAction } from "@/lib/experiments/definition";
import { apiFetch } from "@/components/ui/api";

const base = (key: string) => `/api/v1/experiments/${encodeURIComponent(key)}`;

export const experimentsApi = {
  create: (body: Record<string, unknown>) => apiFetch("/api/v1/experiments", { method: "POST", body }),
  update: (key: string, body: Record<string, unknown>) => apiFetch(base(key), { method: "PATCH", body }),
  changeStatus: (key: string, action: StatusAction) => apiFetch(`${base(key)}/status`, { method: "POST", body: { action } }),
  recomputeResults: (key: string) => apiFetch(`${base(key)}/results`, { method: "POST" }),
  acknowledgeNotifications: (key: string) => apiFetch(`${base(key)}/notifications`, { method: "POST" }),
};
