// One project's topic pass (the daily `insights-topics` job and the demo set-up): the last 28 days' conversations,
// clustered by their first user message with the local embedder, stored as the project's current topics.
import type { Db } from "@/db/client";
import { hashedNgramEmbedder, type EmbeddingProvider } from "@/lib/monitoring/drift/embedding";
import { conversationRows, saveTopicRun } from "../store/topics";
import { computeTopics, MAX_CONVERSATIONS } from "./compute";

const DAY = 86_400_000;
export const TOPIC_WINDOW_DAYS = 28;
/** 512 hashed dimensions: fewer collisions between topic words than drift's 128, still fast at 5,000 conversations. */
export const topicEmbedder = (): EmbeddingProvider => hashedNgramEmbedder({ dimension: 512 });

export async function runTopics(db: Db, projectId: string, now: Date, embedder: EmbeddingProvider = topicEmbedder()) {
  const w = { from: new Date(now.getTime() - TOPIC_WINDOW_DAYS * DAY), to: now };
  const rows = await conversationRows(db, projectId, w, MAX_CONVERSATIONS);
  const run = await computeTopics(rows, embedder, now);
  await saveTopicRun(db, projectId, run, w, now);
  return { projectId, conversations: run.conversations, k: run.k, silhouette: run.silhouette };
}
