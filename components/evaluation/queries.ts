// The evaluation pages' fetchers for mutations (pages read on the server and refresh after each change).
import { apiFetch } from "@/components/ui/api";

const prompt = (name: string) => `/api/v1/prompts/${encodeURIComponent(name)}`;
const dataset = (name: string) => `/api/v1/datasets/${encodeURIComponent(name)}`;

/** The answer of POST /api/v1/datasets/{name}/items/from-traces. */
export interface FromTracesResult {
  added: number;
  datasetVersion: number;
  matched: number;
  capped: boolean;
  skippedExisting: number;
  skippedWithoutInput: number;
}

export const evaluationApi = {
  createPromptVersion: (body: Record<string, unknown>) => apiFetch<{ version: number }>("/api/v1/prompts", { method: "POST", body }),
  moveLabels: (name: string, version: number, body: { newLabels?: string[]; removeLabels?: string[] }) =>
    apiFetch(`${prompt(name)}/versions/${version}`, { method: "PATCH", body }),
  createDataset: (body: { name: string; description?: string }) => apiFetch("/api/v1/datasets", { method: "POST", body }),
  addDatasetItem: (body: Record<string, unknown>) => apiFetch<{ id: string }>("/api/v1/dataset-items", { method: "POST", body }),
  addTracesToDataset: (datasetName: string, traceIds: string[]) =>
    apiFetch<FromTracesResult>(`${dataset(datasetName)}/items/from-traces`, { method: "POST", body: { traceIds } }),
  /** The traces matching the trace list's filters (at most `limit`), each at most once per dataset. */
  addFilteredTracesToDataset: (datasetName: string, filters: Record<string, string | number>, limit: number) =>
    apiFetch<FromTracesResult>(`${dataset(datasetName)}/items/from-traces`, { method: "POST", body: { filters, limit } }),
  removeDatasetItem: (id: string) => apiFetch(`/api/v1/dataset-items/${id}`, { method: "DELETE" }),
  createRun: (datasetName: string, body: Record<string, unknown>) => apiFetch<{ id: string }>(`${dataset(datasetName)}/runs`, { method: "POST", body }),
};

export async function uploadDatasetItems(datasetName: string, file: File): Promise<{ added: number }> {
  const res = await fetch(`${dataset(datasetName)}/items/upload`, {
    method: "POST",
    headers: { "content-type": file.name.endsWith(".csv") ? "text/csv" : "application/x-ndjson" },
    body: await file.text(),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json?.error?.message ?? `Upload failed (${res.status})`);
  return json as { added: number };
}
