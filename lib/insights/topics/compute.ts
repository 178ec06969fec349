// From conversations to stored topics (pure): embed each first user message, cluster, name, and sum up per topic its
// size, this week vs last week, feedback, sentiment, cost and the examples nearest its centre.
import type { EmbeddingProvider } from "@/lib/monitoring/drift/embedding";
import { clusterTopics, distinctiveTerms } from "./cluster";

const DAY = 86_400_000;
/** Conversations examined per run: the most recent ones when there are more (k-means and naming stay in seconds). */
export const MAX_CONVERSATIONS = 5_000;
export const EXAMPLES_PER_TOPIC = 3;

export interface ConversationRow {
  /** The session id, or the trace id for a trace without a session. */
  conversationId: string;
  firstTraceId: string;
  startedAt: Date;
  /** The end user's first message (as stored: masked by the project's rules). */
  text: string;
  cost: number;
  /** User feedback scores (source api, value in [0, 1]) and those at or above 0.5. */
  rated: number;
  satisfied: number;
  /** Analysed traces and the sum of their polarity. */
  sentimentN: number;
  polaritySum: number;
}

export interface TopicSummary {
  topic: number;
  label: string;
  terms: string[];
  size: number;
  thisWeek: number;
  lastWeek: number;
  rated: number;
  satisfied: number;
  sentimentN: number;
  meanPolarity: number | null;
  meanCost: number | null;
  exampleTraceIds: string[];
}

export interface TopicRun {
  conversations: number;
  k: number;
  silhouette: number | null;
  embedder: string;
  topics: TopicSummary[];
}

export async function computeTopics(rows: readonly ConversationRow[], embedder: EmbeddingProvider, now: Date, seed = 1): Promise<TopicRun> {
  const usable = rows.filter((r) => r.text.trim().length > 0);
  if (usable.length === 0) return { conversations: 0, k: 0, silhouette: null, embedder: embedder.name, topics: [] };
  const vectors = await embedder.embed(usable.map((r) => r.text));
  const { k, silhouette, assignment, centroids } = clusterTopics(vectors, seed);
  const terms = distinctiveTerms(usable.map((r) => r.text), assignment, k);
  const weekStart = now.getTime() - 7 * DAY;
  const lastWeekStart = now.getTime() - 14 * DAY;
  const topics: TopicSummary[] = [];
  for (let c = 0; c < k; c++) {
    const members = usable.map((r, i) => ({ r, i })).filter(({ i }) => assignment[i] === c);
    if (members.length === 0) continue;
    const sum = (f: (r: ConversationRow) => number) => members.reduce((a, { r }) => a + f(r), 0);
    const sentimentN = sum((r) => r.sentimentN);
    const closest = members
      .map(({ r, i }) => ({ r, s: vectors[i].reduce((a, x, d) => a + x * centroids[c][d], 0) }))
      .sort((a, b) => b.s - a.s || a.r.firstTraceId.localeCompare(b.r.firstTraceId));
    topics.push({
      topic: c,
      label: terms[c].slice(0, 3).join(" · ") || `topic ${c + 1}`,
      terms: terms[c],
      size: members.length,
      thisWeek: members.filter(({ r }) => r.startedAt.getTime() >= weekStart && r.startedAt.getTime() < now.getTime()).length,
      lastWeek: members.filter(({ r }) => r.startedAt.getTime() >= lastWeekStart && r.startedAt.getTime() < weekStart).length,
      rated: sum((r) => r.rated),
      satisfied: sum((r) => r.satisfied),
      sentimentN,
      meanPolarity: sentimentN ? sum((r) => r.polaritySum) / sentimentN : null,
      meanCost: sum((r) => r.cost) / members.length,
      exampleTraceIds: closest.slice(0, EXAMPLES_PER_TOPIC).map(({ r }) => r.firstTraceId),
    });
  }
  // Largest first, renumbered so topic ids read 0..k-1 in that order.
  topics.sort((a, b) => b.size - a.size || a.label.localeCompare(b.label));
  topics.forEach((t, i) => (t.topic = i));
  return { conversations: usable.length, k: topics.length, silhouette, embedder: embedder.name, topics };
}
