// Does online evaluation slow ingestion? OTLP batches (bench/traces/ingest.bench.ts's SDK spans: 100 traces × 5 spans)
// ingested end to end (decode, map, mask, price, upsert, merge) with no rule running, then the same number of
// batches while an evaluation loop runs beside it on the same database (an enabled rule, sample rate 1, scoring
// every new trace as fast as it can: far more work than the per-minute job does). Rounds alternate so drift and
// warm-up hit both conditions. Uses DATABASE_URL (PostgreSQL) when set, else in-memory PGlite.
//   npx tsx bench/run.ts evaluation/online-ingest
import { openScratchDb, benchProject } from "../scratch-db";
import { sdkBatch } from "../traces/ingest.bench";
import { decodeOtlpBody } from "@/lib/traces/otlp/body";
import { ingestOtlpRequest } from "@/lib/traces/otlp/ingest";
import { drainIngest } from "@/lib/traces/ingest/pipeline";
import { createRule, requireRule } from "@/lib/evaluation/store/evaluation-rules";
import { evaluateRule } from "@/lib/evaluation/store/online-evaluation";
import { createRuleSchema } from "@/lib/evaluation/online/rule-input";

const ROUNDS = Number(process.env.BENCH_ONLINE_INGEST_ROUNDS ?? 6);

export default async function onlineIngestBench() {
  const handle = await openScratchDb("online_ingest");
  try {
    const db = handle.db;
    const { org, project, actor: member } = await benchProject(db);
    const actor = { projectId: project.id, orgId: org.id, userId: member.userId, email: member.email, apiKeyId: null };
    // The SDK batches start at 2026-11-01; the rule scores every trace from then on.
    const start = new Date(Date.UTC(2026, 10, 1) - 1000);
    const later = new Date(Date.UTC(2027, 0, 1));
    const body = createRuleSchema.parse({ name: "bench", evaluator: { type: "regex", name: "has_digits", pattern: "\\d" }, sampleRate: 1, maxPerMinute: 10_000, startAt: start.toISOString() });
    const rule = await createRule(db, actor, body, later);
    const ms = { alone: 0, withEvaluation: 0 };
    const spans = { alone: 0, withEvaluation: 0 };
    let evaluated = 0;
    let batchNo = 0;
    const ingestOne = async () => {
      const payload = sdkBatch(batchNo++);
      const t0 = performance.now();
      const result = await ingestOtlpRequest(db, project.id, decodeOtlpBody(payload.protobuf, "protobuf", null, 50_000_000));
      await drainIngest(db);
      return { ms: performance.now() - t0, spans: result.observations };
    };
    await ingestOne(); // warm-up, not counted
    for (let round = 0; round < ROUNDS; round++) {
      const a = await ingestOne();
      ms.alone += a.ms;
      spans.alone += a.spans;
      // Evaluation runs beside this batch's ingestion until the batch is merged.
      let ingesting = true;
      const evaluation = (async () => {
        let minute = 0;
        while (ingesting) {
          // Each pass is a new minute, so the per-minute cap never holds it back.
          const r = await evaluateRule(db, await requireRule(db, project.id, rule.id), { now: new Date(later.getTime() + 60_000 * (round * 1000 + minute++)), executor: null, settleMs: 0 });
          evaluated += r.evaluated;
          if (r.examined === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const b = await ingestOne();
      ingesting = false;
      await evaluation;
      ms.withEvaluation += b.ms;
      spans.withEvaluation += b.spans;
    }
    const rate = (k: keyof typeof ms) => Math.round(spans[k] / (ms[k] / 1000));
    return {
      driver: process.env.DATABASE_URL ? "postgres" : "pglite",
      batchesPerCondition: ROUNDS,
      spansPerBatch: 500,
      ingestAloneSpansPerSec: rate("alone"),
      ingestWithEvaluationSpansPerSec: rate("withEvaluation"),
      ratioWithToAlone: Number((rate("withEvaluation") / rate("alone")).toFixed(3)),
      tracesEvaluatedDuringIngest: evaluated,
    };
  } finally {
    await handle.close();
  }
}
