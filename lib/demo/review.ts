// Demo online evaluation and review: a rule that judges a quarter of the support traces with the local helpfulness
// heuristic (the job scores them in the first minutes after start, from two days back), and a blinded review queue
// of the 12 latest traces that carry a demo judge's helpfulness score, so the override ratio has something to compare.
// Once Spectrum has written its insights, a blinded queue with the insight rubric holds a sample of 20 weekly ones.
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scores } from "@/db/schema";
import type { ProjectActor } from "@/lib/auth/actor";
import { createRuleSchema } from "@/lib/evaluation/online/rule-input";
import { createQueueSchema } from "@/lib/evaluation/review/queue-input";
import { INSIGHT_RUBRIC } from "@/lib/evaluation/review/insight-rubric";
import { createRule } from "@/lib/evaluation/store/evaluation-rules";
import { addQueueItems, createQueue } from "@/lib/evaluation/store/annotation-queues";

/** `until` is the end of the demo's data and the demo's clock: the rule is created then and starts two days before. */
export async function seedReviewDemo(db: Db, actor: ProjectActor, until: Date) {
  const rule = createRuleSchema.parse({
    name: "Helpfulness of support answers",
    evaluator: { type: "llm_judge", template: "helpfulness", name: "helpfulness_online" },
    sampleRate: 0.25,
    maxPerMinute: 500,
    maxCostUsdPerDay: 1,
    startAt: new Date(until.getTime() - 2 * 86_400_000).toISOString(),
  });
  await createRule(db, actor, rule, until);
  const queue = await createQueue(db, actor, createQueueSchema.parse({
    name: "Support answers (blinded)",
    description: "Rate the answer without knowing which model or prompt version wrote it.",
    scoreConfigs: [{ type: "numeric", name: "helpfulness", min: 1, max: 5 }, { type: "boolean", name: "correct" }],
    blinded: true,
  }));
  const judged = await db
    .select({ traceId: scores.traceId })
    .from(scores)
    .where(and(eq(scores.projectId, actor.projectId), eq(scores.name, "helpfulness"), eq(scores.source, "llm_judge")))
    .orderBy(desc(scores.timestamp), desc(scores.traceId))
    .limit(12);
  if (judged.length) await addQueueItems(db, actor, queue.id, { traceIds: judged.map((j) => j.traceId) });
}

/** After the Spectrum demo: a blinded rubric queue of 20 sampled weekly insights (reviewers never see the end user). */
export async function seedInsightReviewDemo(db: Db, actor: ProjectActor) {
  const queue = await createQueue(db, actor, createQueueSchema.parse({
    name: "Spectrum insight quality (blinded)",
    description: "Score each weekly insight against the facts it was written from, without knowing the prompt version or model.",
    scoreConfigs: INSIGHT_RUBRIC,
    blinded: true,
  }));
  return addQueueItems(db, actor, queue.id, { insightSample: { size: 20, kind: "weekly" } });
}
