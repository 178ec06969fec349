// Personalization's fetchers for the dashboard's mutations (the page reads on the server and refreshes after each).
import type { z } from "zod";
import type { replayInputSchema } from "@/lib/personalization/dead-letter-replay";
import type { RetryOutcome } from "@/lib/personalization/store/dead-letters";
import { apiFetch } from "@/components/ui/api";

export type ReplayInput = z.input<typeof replayInputSchema>;

export const personalizationApi = {
  replayDeadLetters: (body: ReplayInput) => apiFetch<RetryOutcome & { requeued: number }>("/api/v1/recommendations/dead-letters/replay", { method: "POST", body }),
};
