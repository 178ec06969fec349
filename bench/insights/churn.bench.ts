// Churn model AUC against the recency baseline on generated users with known churn drivers
// (lib/insights/churn/synthetic.ts: activity falls off, errors and thumbs-down rise in the three weeks before a user
// stops), through the same backtest as POST /api/v1/insights/churn/backtest, and the time it takes. Reports, per seed,
// AUC, baseline AUC, users, and the feature-query and model-fit times. BENCH_CHURN_USERS (default 1000),
// BENCH_CHURN_SEEDS (default 3); DATABASE_URL for PostgreSQL.
import { openScratchDb } from "../scratch-db";
import { ensureOrganization, ensureProject } from "@/lib/bootstrap/ensure";
import { generateChurnData } from "@/lib/insights/churn/synthetic";
import { backtestChurn } from "@/lib/insights/churn/training";
import { loadChurnActivity } from "@/lib/insights/store/churn-features";
import { trainChurnModel } from "@/lib/insights/churn/model";
import { seedChurnData } from "@/tests/support/churn-data";

const USERS = Number(process.env.BENCH_CHURN_USERS ?? 1000);
const SEEDS = Number(process.env.BENCH_CHURN_SEEDS ?? 3);
const DAY = 86_400_000;
const END = Date.parse("2026-11-30T00:00:00Z");
const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;

interface ChurnRun {
  seed: number;
  events: number;
  evaluatedUsers: number;
  churned: number;
  auc: number | null;
  baselineAuc: number | null;
  backtestMs: number;
  featureQueryMs: number;
  fitMs: number;
  fitIterations: number;
}

export default async function churnBench() {
  const h = await openScratchDb("churn");
  const org = await ensureOrganization(h.db, "bench");
  const runs: ChurnRun[] = [];
  try {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const project = await ensureProject(h.db, org.id, `churn-${seed}`);
      const data = generateChurnData({ users: USERS, days: 70, end: END, seed });
      await seedChurnData(h.db, project.id, data);
      const asOf = new Date(END - 14 * DAY);
      const t0 = performance.now();
      const result = await backtestChurn(h.db, project.id, asOf, 14, new Date(END));
      const backtestMs = performance.now() - t0;
      // The parts: one feature query (as of the training date, with labels), and the fit alone.
      const t1 = performance.now();
      const train = await loadChurnActivity(h.db, project.id, new Date(asOf.getTime() - 14 * DAY), asOf);
      const featuresMs = performance.now() - t1;
      const t2 = performance.now();
      const model = trainChurnModel(train);
      const fitMs = performance.now() - t2;
      runs.push({
        seed,
        events: data.events.length,
        evaluatedUsers: result.users,
        churned: result.churned,
        auc: result.auc,
        baselineAuc: result.baselineAuc,
        backtestMs: round(backtestMs, 0),
        featureQueryMs: round(featuresMs, 0),
        fitMs: round(fitMs, 1),
        fitIterations: model.iterations,
      });
      process.stderr.write(`[bench] churn seed ${seed}: AUC ${result.auc} vs recency ${result.baselineAuc}, backtest ${round(backtestMs, 0)} ms\n`);
    }
  } finally {
    await h.close();
  }
  const mean = (f: (r: ChurnRun) => number) => round(runs.reduce((s, r) => s + f(r), 0) / runs.length);
  return { users: USERS, days: 70, churnDays: 14, runs, meanAuc: mean((r) => r.auc ?? 0), meanBaselineAuc: mean((r) => r.baselineAuc ?? 0) };
}
