// How one run's findings meet the stored suggestions (pure, so the rules of re-opening are tested on their own):
// a finding seen before updates its row; a row closed as done / not useful re-opens only when the evidence moved
// materially since the verdict; a row the run no longer finds goes inactive (kept, with its verdict, for the history).
import { materiallyChanged } from "./stats";
import type { Suggestion } from "./types";

export type SuggestionStatus = "open" | "useful" | "not_useful" | "done";
export const SUGGESTION_STATUSES = ["open", "useful", "not_useful", "done"] as const satisfies readonly SuggestionStatus[];
export const VERDICTS = ["useful", "not_useful", "done"] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface StoredSuggestionState {
  id: string;
  key: string;
  status: SuggestionStatus;
  active: boolean;
  feedbackEvidence: Record<string, unknown> | null;
}

export interface ReconcilePlan {
  insert: Suggestion[];
  update: { id: string; suggestion: Suggestion; reopen: boolean }[];
  deactivate: string[];
}

export function reconcile(stored: readonly StoredSuggestionState[], found: readonly Suggestion[]): ReconcilePlan {
  const byKey = new Map(stored.map((s) => [s.key, s]));
  const seen = new Set<string>();
  const plan: ReconcilePlan = { insert: [], update: [], deactivate: [] };
  for (const s of found) {
    // Two rules never share a key prefix, but a rule could repeat one: the first finding wins.
    if (seen.has(s.key)) continue;
    seen.add(s.key);
    const row = byKey.get(s.key);
    if (!row) {
      plan.insert.push(s);
      continue;
    }
    const closed = row.status === "done" || row.status === "not_useful";
    plan.update.push({ id: row.id, suggestion: s, reopen: closed && materiallyChanged(row.feedbackEvidence, s.evidence, s.material) });
  }
  for (const row of stored) if (row.active && !seen.has(row.key)) plan.deactivate.push(row.id);
  return plan;
}
