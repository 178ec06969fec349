// The stored topics as the API and page show them: each with its share, trend, satisfaction (Wilson interval),
// sentiment, cost and examples whose text is read back from the traces (masked as stored; gone when erased).
import type { Db } from "@/db/client";
import { estimateShare } from "@/lib/primitives/proportion";
import { latestTopicRun, traceFirstTexts } from "../store/topics";

export async function currentTopics(db: Db, projectId: string) {
  const stored = await latestTopicRun(db, projectId);
  if (!stored) return { run: null, topics: [] };
  const texts = await traceFirstTexts(db, projectId, stored.topics.flatMap((t) => t.exampleTraceIds));
  const { run } = stored;
  return {
    run: { computedAt: run.computedAt.toISOString(), from: run.windowFrom.toISOString(), to: run.windowTo.toISOString(), conversations: run.conversations, k: run.k, silhouette: run.silhouette, embedder: run.embedder },
    topics: stored.topics.map((t) => ({
      topic: t.topic,
      label: t.label,
      terms: t.terms,
      size: t.size,
      share: run.conversations > 0 ? t.size / run.conversations : 0,
      thisWeek: t.thisWeek,
      lastWeek: t.lastWeek,
      satisfaction: estimateShare(t.satisfied, t.rated),
      sentiment: { traces: t.sentimentN, meanPolarity: t.meanPolarity },
      meanCost: t.meanCost,
      examples: t.exampleTraceIds.filter((id) => texts.has(id)).map((id) => ({ traceId: id, text: texts.get(id)!, href: `/traces/${encodeURIComponent(id)}` })),
    })),
  };
}
export type CurrentTopics = Awaited<ReturnType<typeof currentTopics>>;
