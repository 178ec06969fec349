// Traces' fetchers for the dashboard's mutations (the trace pages read on the server and refresh after each).
import type { z } from "zod";
import type { scoreInputSchema } from "@/lib/traces/store/scores";
import { apiFetch } from "@/components/ui/api";

export type ScoreInput = z.input<typeof scoreInputSchema>;

export const tracesApi = {
  addScore: (body: ScoreInput) => apiFetch("/api/v1/scores", { method: "POST", body }),
};
