// The evaluation-run job's work: executes a run's prompt version on every item of its dataset version not yet done,
// scoring and storing each item as it finishes, so a crash loses nothing and a retry repeats no stored item.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { datasetRuns, promptVersions } from "@/db/schema";
import type { EvaluatorSpec } from "../evaluators/schema";
import { compileEvaluators } from "../run-scoring";
import { messagesFor, NO_PROVIDER_MESSAGE, type PromptExecutor } from "../prompt-executor";
import { itemsAtVersion } from "./datasets";
import { findRun, insertRunItems, runItems } from "./runs";

const CONCURRENCY = 4;

async function finish(db: Db, runId: string, status: "completed" | "failed", error: string | null, now: Date) {
  await db.update(datasetRuns).set({ status, error, finishedAt: now }).where(eq(datasetRuns.id, runId));
}

export async function executePromptRun(db: Db, projectId: string, runId: string, executor: PromptExecutor | null, now: () => Date = () => new Date()) {
  const run = await findRun(db, projectId, runId);
  if (!run || run.status === "completed" || run.status === "failed") return { skipped: true };
  if (!executor) {
    await finish(db, runId, "failed", NO_PROVIDER_MESSAGE, now());
    return { failed: NO_PROVIDER_MESSAGE };
  }
  await db.update(datasetRuns).set({ status: "running" }).where(and(eq(datasetRuns.id, runId), inArray(datasetRuns.status, ["queued", "running"])));
  const [version] = await db.select().from(promptVersions).where(and(eq(promptVersions.promptId, run.promptId!), eq(promptVersions.version, run.promptVersion!)));
  if (!version) {
    await finish(db, runId, "failed", "The run's prompt version no longer exists", now());
    return { failed: "prompt deleted" };
  }
  const done = await runItems(db, [runId]);
  const doneIds = new Set(done.map((d) => d.itemId));
  let spent = done.reduce((s, d) => s + (d.costUsd ?? 0) + (d.judgeCostUsd ?? 0), 0);
  const pending = (await itemsAtVersion(db, run.datasetId, run.datasetVersion)).filter((i) => !doneIds.has(i.id));
  const score = compileEvaluators(run.evaluators as EvaluatorSpec[], executor);
  for (let i = 0; i < pending.length; i += CONCURRENCY) {
    if (run.maxCostUsd !== null && spent >= run.maxCostUsd) {
      const message = `Stopped at the cost cap of $${run.maxCostUsd} after ${doneIds.size + i} of ${run.itemCount} items`;
      await finish(db, runId, "failed", message, now());
      return { failed: message };
    }
    const results = await Promise.all(
      pending.slice(i, i + CONCURRENCY).map(async (item) => {
        try {
          const r = await executor.execute({ messages: messagesFor(version, item.input), config: version.config });
          const { scores, judgeCostUsd } = await score({ input: item.input, output: r.text, expectedOutput: item.expectedOutput, latencyMs: r.latencyMs, costUsd: r.costUsd });
          // The item's cost is the prompt call; the judge's cost is kept beside it and counts toward the cap too.
          return { projectId, runId, itemId: item.id, output: r.text, latencyMs: r.latencyMs, costUsd: r.costUsd, judgeCostUsd: judgeCostUsd || null, scores, error: null };
        } catch (err) {
          return { projectId, runId, itemId: item.id, output: null, latencyMs: null, costUsd: null, judgeCostUsd: null, scores: {}, error: err instanceof Error ? err.message.slice(0, 500) : "failed" };
        }
      }),
    );
    spent += results.reduce((s, r) => s + (r.costUsd ?? 0) + (r.judgeCostUsd ?? 0), 0);
    await insertRunItems(db, results);
  }
  await finish(db, runId, "completed", null, now());
  return { executed: pending.length };
}
