// A run's judge scores beside the human scores of the same items: an item taken from a trace is matched with that
// trace's latest human score of the given name (scored on the Judgments table, TraceView or an annotation queue).
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { datasetItems, scores } from "@/db/schema";
import { calibrate } from "../calibration";
import { runItems } from "./runs";

export async function judgeCalibration(db: Db, projectId: string, runId: string, evaluator: string, humanScoreName: string, threshold = 0.5) {
  const items = await runItems(db, [runId]);
  const sources = items.length
    ? await db.select({ id: datasetItems.id, traceId: datasetItems.sourceTraceId }).from(datasetItems).where(inArray(datasetItems.id, items.map((i) => i.itemId)))
    : [];
  const traceOf = new Map(sources.filter((s) => s.traceId !== null).map((s) => [s.id, s.traceId!]));
  const traceIds = [...new Set(traceOf.values())];
  const human = traceIds.length
    ? await db
        .select({ traceId: scores.traceId, value: scores.value })
        .from(scores)
        .where(and(eq(scores.projectId, projectId), inArray(scores.source, ["human", "annotation"]), eq(scores.name, humanScoreName), inArray(scores.traceId, traceIds)))
        .orderBy(desc(scores.timestamp))
    : [];
  const latest = new Map<string, number>();
  for (const h of human) if (h.value !== null && !latest.has(h.traceId)) latest.set(h.traceId, h.value);
  const pairs: [number, number][] = [];
  for (const item of items) {
    const judged = item.scores[evaluator];
    const traceId = traceOf.get(item.itemId);
    const h = traceId ? latest.get(traceId) : undefined;
    if (typeof judged === "number" && h !== undefined) pairs.push([judged, h]);
  }
  return { evaluator, humanScore: humanScoreName, itemsInRun: items.length, ...calibrate(pairs, threshold) };
}
