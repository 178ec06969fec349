// Traces' fetchers for the dashboard's mutations (the trace pages read on the server and refresh after each).
import { apiFetch } from "@/components/ui/api";

export interface ScoreInput {
  traceId: string;
  observationId: string | null;
  name: string;
  value: number | string;
  comment: string | null;
}

export const tracesApi = {
  addScore: (body: ScoreInput) => apiFetch("/api/v1/scores", { method: "POST", body }),
};
