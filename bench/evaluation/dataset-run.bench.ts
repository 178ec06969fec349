// A 10,000-item dataset run with client outputs and deterministic evaluators (issue 20 target: under 30 s), end to
// end through createRun (validation against the dataset version, scoring, storing every run item, aggregates).
// Baseline in the same run: adding the same 10,000 items to the dataset (one insert of as many rows). Uses
// DATABASE_URL (PostgreSQL) when set, else in-memory PGlite.
import { openScratchDb, benchProject } from "../scratch-db";
import { upsertDataset, addDatasetItems } from "@/lib/evaluation/store/datasets";
import { createRun } from "@/lib/evaluation/store/runs";
import { compileEvaluators } from "@/lib/evaluation/run-scoring";
import { createRunSchema } from "@/lib/evaluation/dataset-input";

const ITEMS = Number(process.env.BENCH_EVAL_ITEMS ?? 10_000);

export default async function datasetRunBench() {
  const handle = await openScratchDb("evaluation_run");
  try {
    const { org, project, actor: member } = await benchProject(handle.db);
    const actor = { projectId: project.id, orgId: org.id, userId: member.userId, email: member.email, apiKeyId: null };
    await upsertDataset(handle.db, actor, { name: "bench" });
    const items = Array.from({ length: ITEMS }, (_, i) => ({ input: { question: `What is ${i} + ${i}?` }, expectedOutput: `The answer is ${2 * i}.` }));
    let t0 = performance.now();
    const added = await addDatasetItems(handle.db, actor, "bench", items);
    const addMs = performance.now() - t0;

    const outputs = added.items.map((item, i) => ({ itemId: item.id, output: i % 3 === 0 ? `The answer is ${2 * i + 1}.` : `The answer is ${2 * i}.`, latencyMs: 100 + (i % 50) }));
    const body = createRunSchema.parse({ name: "bench-run", outputs, evaluators: [{ type: "exact_match" }, { type: "fuzzy_match" }, { type: "regex", pattern: "answer is \\d+" }, { type: "latency", maxMs: 140 }] });

    const score = compileEvaluators(body.evaluators);
    t0 = performance.now();
    for (const o of outputs) await score({ output: o.output, expectedOutput: items[0]!.expectedOutput, latencyMs: o.latencyMs, costUsd: null });
    const scoringOnlyMs = performance.now() - t0;

    t0 = performance.now();
    const run = await createRun(handle.db, actor, "bench", body);
    const runMs = performance.now() - t0;
    const r = (x: number) => Number(x.toFixed(0));
    return {
      items: ITEMS,
      evaluators: body.evaluators.length,
      driver: process.env.DATABASE_URL ? "postgres" : "pglite",
      baselineAddItemsMs: r(addMs),
      runMs: r(runMs),
      scoringOnlyMs: r(scoringOnlyMs),
      runToBaselineRatio: Number((runMs / addMs).toFixed(2)),
      underTarget30s: runMs < 30_000,
      exactMatchMean: run.aggregates.scores.exact_match?.mean,
    };
  } finally {
    await handle.close();
  }
}
