// Two or more runs of one dataset side by side: per item, per evaluator in aggregate (mean and 95% interval), and
// each run against the first (the baseline) with a paired t-test over the items both scored.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { datasetItems, datasetRuns } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { evaluatorName, type EvaluatorSpec } from "../evaluators/schema";
import { pairedComparison, type PairedComparison } from "../statistics";
import { runAggregates, runItems } from "./runs";

export async function compareRuns(db: Db, projectId: string, datasetId: string, runIds: string[]) {
  const found = await db.select().from(datasetRuns).where(and(eq(datasetRuns.projectId, projectId), eq(datasetRuns.datasetId, datasetId), inArray(datasetRuns.id, runIds)));
  const missing = runIds.find((id) => !found.some((r) => r.id === id));
  if (missing) throw new AppError("not_found", `No run ${missing} in this dataset`);
  const runs = runIds.map((id) => found.find((r) => r.id === id)!);
  const items = await runItems(db, runIds);
  const byRun = new Map(runs.map((r) => [r.id, new Map(items.filter((i) => i.runId === r.id).map((i) => [i.itemId, i]))]));
  const itemIds = [...new Set(items.map((i) => i.itemId))];
  const dataset = (itemIds.length ? await db.select().from(datasetItems).where(inArray(datasetItems.id, itemIds)) : []).sort(
    (a, b) => a.addedInVersion - b.addedInVersion || a.position - b.position,
  );
  const evaluators = [...new Set(runs.flatMap((r) => (r.evaluators as EvaluatorSpec[]).map(evaluatorName)))];

  const baseline = runs[0]!;
  const comparisons: { runId: string; baselineRunId: string; evaluator: string; paired: PairedComparison }[] = [];
  for (const run of runs.slice(1)) {
    for (const evaluator of evaluators) {
      const pairs: [number, number][] = [];
      for (const [itemId, base] of byRun.get(baseline.id)!) {
        const b = base.scores[evaluator];
        const c = byRun.get(run.id)!.get(itemId)?.scores[evaluator];
        if (typeof b === "number" && typeof c === "number") pairs.push([b, c]);
      }
      comparisons.push({ runId: run.id, baselineRunId: baseline.id, evaluator, paired: pairedComparison(pairs) });
    }
  }
  return {
    evaluators,
    runs: runs.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      promptVersion: r.promptVersion,
      datasetVersion: r.datasetVersion,
      aggregates: runAggregates(r.evaluators as EvaluatorSpec[], [...byRun.get(r.id)!.values()]),
    })),
    comparisons,
    items: dataset.map((d) => ({
      itemId: d.id,
      input: d.input,
      expectedOutput: d.expectedOutput,
      runs: Object.fromEntries(runs.map((r) => {
        const i = byRun.get(r.id)!.get(d.id);
        return [r.id, i ? { output: i.output, scores: i.scores, error: i.error } : null];
      })),
    })),
  };
}
