// Dataset runs: client-given outputs are scored at once; a prompt run is queued for the evaluation-run job. A run
// records the dataset version it used, and each item's output and scores.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { datasetRunItems, datasetRuns, prompts } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { auditByActor, type ProjectActor } from "@/lib/auth/actor";
import { withJobRequests } from "@/lib/jobs/dispatch";
import type { CreateRunInput } from "../dataset-input";
import { evaluatorName, type EvaluatorSpec } from "../evaluators/schema";
import { compileEvaluators, recordedEvaluators } from "../run-scoring";
import { promptExecutor } from "../prompt-executor";
import { meanWithInterval } from "../statistics";
import { requestEvaluationRun } from "../jobs";
import { itemsAtVersion, requireDataset } from "./datasets";
import { getPromptVersion } from "./prompts";
import { findPrompt } from "./prompt-lookup";

type RunRow = typeof datasetRuns.$inferSelect;
type RunItemRow = typeof datasetRunItems.$inferSelect;

/** Writes run items in chunks; an item already stored for the run is kept (a retried job repeats nothing). */
export async function insertRunItems(db: Db, rows: (typeof datasetRunItems.$inferInsert)[]) {
  for (let i = 0; i < rows.length; i += 2000) {
    await db.insert(datasetRunItems).values(rows.slice(i, i + 2000)).onConflictDoNothing();
  }
}

function conflictOnName(err: unknown, name: string): never {
  const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  if (code === "23505") throw new AppError("conflict", `name: this dataset already has a run named ${name}`);
  throw err;
}

/** The prompt version a run names: `promptVersion`, else the one labelled production. */
async function runPromptVersion(db: Db, projectId: string, input: CreateRunInput) {
  if (!input.promptName) return null;
  const version = await getPromptVersion(db, projectId, input.promptName, input.promptVersion ? { version: input.promptVersion } : { label: "production" });
  if (!version) throw new AppError("not_found", `Prompt ${input.promptName} has no ${input.promptVersion ? `version ${input.promptVersion}` : "production label"}`);
  const prompt = (await findPrompt(db, projectId, input.promptName))!;
  return { promptId: prompt.id, version: version.version };
}

/**
 * Outputs given by the client are scored at once, as a run of the prompt version they name if any (the outputs an
 * application recorded with that version); with a prompt and no outputs, the evaluation-run job executes the version.
 */
export async function createRun(db: Db, actor: ProjectActor, datasetName: string, input: CreateRunInput) {
  const dataset = await requireDataset(db, actor.projectId, datasetName);
  const prompt = await runPromptVersion(db, actor.projectId, input);
  if (input.outputs) return createOutputsRun(db, actor, dataset, input, prompt);
  const version = prompt!;
  const runId = await withJobRequests(db, async (tx, jobs) => {
    const items = await itemsAtVersion(tx, dataset.id, dataset.version);
    if (items.length === 0) throw new AppError("unprocessable", `Dataset ${datasetName} has no items to run`);
    const [run] = await tx
      .insert(datasetRuns)
      .values({
        projectId: actor.projectId,
        datasetId: dataset.id,
        name: input.name,
        datasetVersion: dataset.version,
        promptId: version.promptId,
        promptVersion: version.version,
        evaluators: recordedEvaluators(input.evaluators, promptExecutor()),
        maxCostUsd: input.maxCostUsd ?? null,
        status: "queued",
        itemCount: items.length,
        createdBy: actor.userId,
      })
      .returning()
      .catch((err: unknown) => conflictOnName(err, input.name));
    await auditByActor(tx, actor, { action: "dataset.run_created", targetType: "dataset", targetId: dataset.id, details: { run: input.name, prompt: input.promptName, version: version.version } });
    await requestEvaluationRun(jobs, { projectId: actor.projectId, runId: run!.id });
    return run!.id;
  });
  return getRunView(db, actor.projectId, runId);
}

/** Client outputs judged by a provider are judged within the request: a bound keeps it short. */
export const MAX_PROVIDER_JUDGED_OUTPUTS = 200;
const JUDGE_CONCURRENCY = 8;

async function createOutputsRun(db: Db, actor: ProjectActor, dataset: { id: string; name: string; version: number }, input: CreateRunInput, prompt: { promptId: string; version: number } | null) {
  const outputs = input.outputs!;
  const executor = promptExecutor();
  if (executor && input.evaluators.some((e) => e.type === "llm_judge") && outputs.length > MAX_PROVIDER_JUDGED_OUTPUTS) {
    throw new AppError("unprocessable", `outputs: at most ${MAX_PROVIDER_JUDGED_OUTPUTS} outputs per run with an LLM judge; split the run`);
  }
  const runId = await db.transaction(async (tx) => {
    const live = new Map((await itemsAtVersion(tx, dataset.id, dataset.version)).map((i) => [i.id, i]));
    const missing = outputs.findIndex((o) => !live.has(o.itemId));
    if (missing >= 0) {
      throw new AppError("invalid_request", `outputs.${missing}.itemId: not an item of dataset ${dataset.name} at version ${dataset.version}`, [{ path: `outputs.${missing}.itemId` }]);
    }
    const [run] = await tx
      .insert(datasetRuns)
      .values({
        projectId: actor.projectId,
        datasetId: dataset.id,
        name: input.name,
        datasetVersion: dataset.version,
        promptId: prompt?.promptId ?? null,
        promptVersion: prompt?.version ?? null,
        evaluators: recordedEvaluators(input.evaluators, executor),
        status: "completed",
        itemCount: outputs.length,
        createdBy: actor.userId,
        finishedAt: new Date(),
      })
      .returning()
      .catch((err: unknown) => conflictOnName(err, input.name));
    const score = compileEvaluators(input.evaluators, executor);
    const rows = [];
    // Only a provider judge needs bounded concurrency; deterministic and local scoring take every item at once.
    const batch = executor && input.evaluators.some((e) => e.type === "llm_judge") ? JUDGE_CONCURRENCY : outputs.length;
    for (let i = 0; i < outputs.length; i += batch) {
      rows.push(
        ...(await Promise.all(
          outputs.slice(i, i + batch).map(async (o) => {
            const latencyMs = o.latencyMs ?? null;
            const costUsd = o.costUsd ?? null;
            const item = live.get(o.itemId)!;
            const { scores, judgeCostUsd } = await score({ input: item.input, output: o.output, expectedOutput: item.expectedOutput, latencyMs, costUsd });
            return { projectId: actor.projectId, runId: run!.id, itemId: o.itemId, output: o.output ?? null, latencyMs, costUsd, judgeCostUsd: judgeCostUsd || null, scores };
          }),
        )),
      );
    }
    await insertRunItems(tx, rows);
    await auditByActor(tx, actor, { action: "dataset.run_created", targetType: "dataset", targetId: dataset.id, details: { run: input.name, items: outputs.length, ...(prompt ? { prompt: input.promptName, version: prompt.version } : {}) } });
    return run!.id;
  });
  return getRunView(db, actor.projectId, runId);
}

export async function findRun(db: Db, projectId: string, runId: string): Promise<RunRow | null> {
  const [run] = await db.select().from(datasetRuns).where(and(eq(datasetRuns.projectId, projectId), eq(datasetRuns.id, runId)));
  return run ?? null;
}

export async function runItems(db: Db, runIds: string[]): Promise<RunItemRow[]> {
  if (runIds.length === 0) return [];
  return db.select().from(datasetRunItems).where(inArray(datasetRunItems.runId, runIds)).orderBy(asc(datasetRunItems.createdAt), asc(datasetRunItems.itemId));
}

export function runAggregates(evaluators: EvaluatorSpec[], items: RunItemRow[]) {
  const scores = Object.fromEntries(
    evaluators.map(evaluatorName).map((name) => [name, meanWithInterval(items.map((i) => i.scores[name]).filter((v): v is number => typeof v === "number"))]),
  );
  const numbers = (pick: (i: RunItemRow) => number | null) => items.map(pick).filter((v): v is number => v !== null);
  const judgeCostUsd = numbers((i) => i.judgeCostUsd).reduce((sum, c) => sum + c, 0);
  return { scores, latencyMs: meanWithInterval(numbers((i) => i.latencyMs)), costUsd: meanWithInterval(numbers((i) => i.costUsd)), judgeCostUsd, errors: items.filter((i) => i.error).length };
}

/** The API's run shape: `{ id, status, items: [{ itemId, output, scores }], aggregates }` plus progress. */
export async function getRunView(db: Db, projectId: string, runId: string, opts: { datasetId?: string } = {}) {
  const run = await findRun(db, projectId, runId);
  if (!run || (opts.datasetId && run.datasetId !== opts.datasetId)) throw new AppError("not_found", `No run ${runId}`);
  const items = await runItems(db, [run.id]);
  const [prompt] = run.promptId ? await db.select({ name: prompts.name }).from(prompts).where(eq(prompts.id, run.promptId)) : [];
  const evaluators = run.evaluators as EvaluatorSpec[];
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    error: run.error,
    datasetVersion: run.datasetVersion,
    promptName: prompt?.name ?? null,
    promptVersion: run.promptVersion,
    evaluators,
    progress: { done: items.length, total: run.itemCount },
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    items: items.map((i) => ({ itemId: i.itemId, output: i.output, scores: i.scores, latencyMs: i.latencyMs, costUsd: i.costUsd, judgeCostUsd: i.judgeCostUsd, error: i.error })),
    aggregates: runAggregates(evaluators, items),
  };
}
