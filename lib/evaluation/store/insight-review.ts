// Generated Spectrum insights in annotation queues: which insights to queue (named ones or a random sample), what a
// reviewer sees (the insight's text beside the numbers it was written from; never the end user's id or words), and
// the per-version summary of finished reviews. Insights are private to their end user, so no reply here names one.
import { and, eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { annotationQueueItems, spectrumInsights } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { insightFacts, type InsightAggregate } from "@/lib/spectrum/store/insights";
import type { AddItemsInput, ReviewedScore, ScoreConfig } from "../review/queue-input";
import { summarizeInsightReviews, type ReviewedInsight } from "../review/insight-summary";

/** The insight ids `input` asks for: every named id must be the project's (or nothing is added); a sample skips queued ones. */
export async function insightIdsToQueue(db: Db, projectId: string, queueId: string, input: Pick<AddItemsInput, "insightIds" | "insightSample">): Promise<string[]> {
  const named = [...new Set(input.insightIds ?? [])];
  if (named.length) {
    const found = await db.select({ id: spectrumInsights.id }).from(spectrumInsights).where(and(eq(spectrumInsights.projectId, projectId), inArray(spectrumInsights.id, named)));
    const known = new Set(found.map((f) => f.id));
    const missing = named.filter((id) => !known.has(id));
    if (missing.length) throw new AppError("not_found", `No insight ${missing.slice(0, 5).join(", ")}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ""}`);
  }
  const sample = input.insightSample;
  if (!sample) return named;
  // A hash of (queue, insight) orders the candidates: random with respect to user, period and version, and the same
  // sample if the request is repeated.
  const res = await db.execute(sql`
    select i.id from spectrum_insights i
    where i.project_id = ${projectId} ${sample.kind ? sql`and i.kind = ${sample.kind}` : sql``}
      and not exists (select 1 from annotation_queue_items q where q.queue_id = ${queueId} and q.insight_id = i.id)
    order by md5(${queueId} || i.id::text)
    limit ${sample.size}`);
  return [...new Set([...named, ...rowsOf<{ id: string }>(res).map((r) => r.id)])];
}

interface InsightRow {
  text: string;
  kind: "weekly" | "monthly";
  period_key: string;
  period_start: string | Date;
  prompt_name: string;
  prompt_version: string;
  model: string;
  provider: string;
  aggregate: InsightAggregate | null;
}

/** What the insight was written from (InsightContext is shown only in unblinded queues). */
export interface InsightContext {
  kind: "weekly" | "monthly";
  periodKey: string;
  promptName: string;
  promptVersion: string;
  model: string;
  provider: string;
}

export async function insightContent(db: Db, projectId: string, insightId: string) {
  const res = await db.execute(sql`
    select i.text, i.kind, i.period_key, i.period_start, i.prompt_name, i.prompt_version, i.model, i.provider, a.aggregate
    from spectrum_insights i
    left join spectrum_period_aggregates a on a.project_id = i.project_id and a.user_id = i.user_id
      and a.granularity = (case when i.kind = 'weekly' then 'week' else 'month' end) and a.period_key = i.period_key
    where i.project_id = ${projectId} and i.id = ${insightId}`);
  const row = rowsOf<InsightRow>(res)[0];
  if (!row) return undefined;
  const granularity = row.kind === "weekly" ? "week" : "month";
  // The facts are the prompt's only inputs: numbers and labels from the period's aggregate, no conversation text.
  const facts = row.aggregate
    ? insightFacts({ periodKey: row.period_key, start: new Date(row.period_start), aggregate: row.aggregate, analysisVersion: "" }, granularity)
    : null;
  const context: InsightContext = { kind: row.kind, periodKey: row.period_key, promptName: row.prompt_name, promptVersion: row.prompt_version, model: row.model, provider: row.provider };
  return { text: row.text, facts, context };
}

/** Finished insight reviews of a queue, joined back to the prompt version and model recorded when each was reviewed. */
export async function insightReviewSummary(db: Db, queueId: string, configs: ScoreConfig[]) {
  const rows = await db
    .select({ scores: annotationQueueItems.reviewScores, context: annotationQueueItems.reviewContext })
    .from(annotationQueueItems)
    .where(and(eq(annotationQueueItems.queueId, queueId), eq(annotationQueueItems.status, "done"), sql`${annotationQueueItems.insightId} is not null`));
  if (rows.length === 0) return null;
  const reviews: ReviewedInsight[] = rows.map((r) => ({
    scores: (r.scores ?? []) as ReviewedScore[],
    context: r.context ? { promptName: String(r.context.promptName), promptVersion: String(r.context.promptVersion), model: String(r.context.model) } : null,
  }));
  return summarizeInsightReviews(configs, reviews);
}
