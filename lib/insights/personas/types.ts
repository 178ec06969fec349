// The persona report's aggregated inputs (one row per persona, or per persona × UTC hour) and its reply shape.
import type { ShareEstimate } from "@/lib/primitives/proportion";

export interface PersonaHourRow {
  persona: string;
  hour: number;
  traces: number;
  /** User feedback on these traces: scores in [0, 1] sent by the product, and those at or above 0.5. */
  rated: number;
  satisfied: number;
  /** Boolean feedback (thumbs) among them. */
  thumbsUp: number;
  thumbsDown: number;
}

export interface PersonaConversationRow {
  persona: string;
  conversations: number;
  cost: number;
  /** Conversations with at least two analysed turns, and the sum of their last-minus-first polarity. */
  sentimentConversations: number;
  sentimentChangeSum: number;
}

export interface PersonaRetentionRow {
  persona: string;
  /** Users whose traces in the range are mostly this persona's. */
  users: number;
  /** Of them, those whose first trace in the range is at least 14 days before its end (their next week is known). */
  eligible: number;
  /** Of the eligible, those with a trace 7 to 14 days after their first. */
  returned: number;
}

export interface PersonaInputs {
  from: Date;
  to: Date;
  dimension: string;
  hours: PersonaHourRow[];
  conversations: PersonaConversationRow[];
  retention: PersonaRetentionRow[];
}

export interface PersonaFlag {
  kind: "underperforming" | "underused";
  /** Two-proportion z-test of the persona's satisfaction against all other personas' pooled, two-sided. */
  pValue: number;
  /** The Bonferroni-corrected level it passed (0.05 / personas compared). */
  alpha: number;
  /** Satisfied share of the persona's rated traces, and of all other personas' pooled. */
  satisfaction: number;
  othersSatisfaction: number;
  /** For underused: the UTC hours where it does at least as well as the others yet carries under half its fair share. */
  hours: number[];
  message: string;
}

export interface PersonaReport {
  persona: string;
  traces: number;
  usageShare: number;
  /** Per UTC hour: this persona's traces and its share of all traces in that hour (null without traffic). */
  byHour: { hour: number; traces: number; share: number | null }[];
  satisfaction: ShareEstimate;
  thumbs: { up: number; down: number };
  conversations: number;
  costPerConversation: number | null;
  sentimentChange: { conversations: number; mean: number | null };
  retention: ShareEstimate & { users: number };
  flags: PersonaFlag[];
}

export interface PersonasReply {
  from: string;
  to: string;
  dimension: string;
  totalTraces: number;
  personas: PersonaReport[];
  /** Personas beyond the MAX_PERSONAS busiest, left out of the table (their traces still count in the shares). */
  omitted: number;
}
