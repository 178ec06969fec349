// Fetchers for the online evaluation rules and the annotation queues (pages read on the server and refresh after
// each change; the review screen polls the next item with react-query).
import { apiFetch, type Reply } from "@/components/ui/api";
import type { nextItem } from "@/lib/evaluation/store/annotation-review";

export type NextItemReply = Reply<typeof nextItem>;

const queue = (id: string) => `/api/v1/annotation-queues/${id}`;

export const reviewApi = {
  createRule: (body: Record<string, unknown>) => apiFetch<{ id: string }>("/api/v1/evaluation/rules", { method: "POST", body }),
  patchRule: (id: string, body: Record<string, unknown>) => apiFetch(`/api/v1/evaluation/rules/${id}`, { method: "PATCH", body }),
  deleteRule: async (id: string) => {
    const res = await fetch(`/api/v1/evaluation/rules/${id}`, { method: "DELETE" });
    if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? `Delete failed (${res.status})`);
  },
  createQueue: (body: Record<string, unknown>) => apiFetch<{ id: string }>("/api/v1/annotation-queues", { method: "POST", body }),
  addItems: (id: string, traceIds: string[]) => apiFetch<{ added: number; alreadyQueued: number }>(`${queue(id)}/items`, { method: "POST", body: { traceIds } }),
  addDatasetItems: (id: string, datasetItemIds: string[]) =>
    apiFetch<{ added: number; alreadyQueued: number }>(`${queue(id)}/items`, { method: "POST", body: { datasetItemIds } }),
  addInsightSample: (id: string, insightSample: { size: number; kind?: "weekly" | "monthly" }) =>
    apiFetch<{ added: number; alreadyQueued: number }>(`${queue(id)}/items`, { method: "POST", body: { insightSample } }),
  next: (id: string, skip: string[]) => apiFetch<NextItemReply>(`${queue(id)}/next${skip.length ? `?skip=${skip.join(",")}` : ""}`),
  review: (id: string, itemId: string, body: { scores: Record<string, number | boolean | string>; comment?: string }) =>
    apiFetch(`${queue(id)}/items/${itemId}/review`, { method: "POST", body }),
};

export const reviewKeys = {
  next: (queueId: string, skip: string[]) => ["annotation-queue", queueId, "next", skip.join(",")] as const,
};
