// The demo's traces end at the moment it is seeded, so the German invoice questions planted in its last week fall on
// different hours of the day from one start to the next. The topic pass must find them as a topic of their own at
// every hour, not only at some (CI once failed at 02:47 UTC: with k capped at 10 the German questions were split
// among the English ones). Pure: the demo's traces are grouped into conversations the way the store does.
import { expect, test } from "vitest";
import { generateDemoTraces } from "@/lib/demo/traces";
import { computeTopics, type ConversationRow } from "@/lib/insights/topics/compute";
import { TOPIC_WINDOW_DAYS, topicEmbedder } from "@/lib/insights/topics/run";
import { firstUserText } from "@/lib/insights/store/topics";

const DAY = 86_400_000;

function demoConversations(anchor: number): ConversationRow[] {
  const data = generateDemoTraces({ anchor: new Date(anchor) });
  const byTrace = new Map<string, typeof data.observations>();
  for (const o of data.observations) byTrace.set(o.traceId, [...(byTrace.get(o.traceId) ?? []), o]);
  const traces = data.traces
    .filter((t) => t.timestamp.getTime() >= anchor - TOPIC_WINDOW_DAYS * DAY && t.timestamp.getTime() < anchor)
    .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || a.id.localeCompare(b.id));
  const conversations = new Map<string, ConversationRow>();
  for (const t of traces) {
    const key = t.sessionId ?? t.id;
    if (conversations.has(key)) continue;
    const spans = (byTrace.get(t.id) ?? []).toSorted((a, b) => a.startTime.getTime() - b.startTime.getTime() || a.id.localeCompare(b.id));
    const text = firstUserText({ root_input: spans.find((o) => o.parentObservationId === null)?.input ?? null, generation_input: spans.find((o) => o.type === "generation")?.input ?? null });
    conversations.set(key, { conversationId: key, firstTraceId: t.id, startedAt: t.timestamp, text, cost: 0, rated: 0, satisfied: 0, sentimentN: 0, polaritySum: 0 });
  }
  return [...conversations.values()];
}

// The hours at which the German questions were lost before K_RANGE reached past 10.
test.each(["00:00", "05:00", "07:00", "15:00", "17:00", "19:00"])("seeded at %s UTC, the demo's German invoice questions are a new topic of the last week", { timeout: 60_000 }, async (hour) => {
  const anchor = Date.parse(`2026-12-06T${hour}:00Z`);
  const run = await computeTopics(demoConversations(anchor), topicEmbedder(), new Date(anchor));
  const german = run.topics.find((t) => t.terms.some((w) => ["rechnungen", "sepa", "lastschrift", "pdf"].includes(w)));
  expect(german, run.topics.map((t) => t.label).join(" | ")).toMatchObject({ lastWeek: 0 });
  expect(german!.thisWeek).toBeGreaterThan(20);
});
