// Forecast interval coverage on the demo's key quality metrics, as the daily forecast job computes them
// (forecastQualityMetric on the daily rollups): the chosen model, and the held-out coverage of its 80% and 95%
// intervals in the rolling-origin backtest, conformally calibrated online (each origin judged with the factor
// calibrated on the residuals observed before it) next to the model's own uncalibrated intervals, up to 30 and up to
// 7 days ahead. Target: within 10 points of nominal. Two tables from the same data: before the demo's experiments are
// stored (no known change events) and after (their start re-baselines the forecasts, forecast.ts `changes`).
import { events, experiments } from "@/db/schema";
import { demoExperimentRows } from "@/lib/demo/experiments";
import { generateDemoData } from "@/lib/demo/generate";
import { seedDemoTraces } from "@/lib/demo/traces";
import { recomputeRollups } from "@/lib/monitoring/store/recompute-rollups";
import { qualityForecasts } from "@/lib/monitoring/store/forecasts";
import { benchProject, openScratchDb } from "../scratch-db";

const DAY = 86_400_000;
const pct = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : Math.round(1000 * x) / 10);

export default async function forecastCoverage() {
  const handle = await openScratchDb("forecast");
  try {
    const { project } = await benchProject(handle.db);
    const anchor = new Date(Date.UTC(2026, 10, 20));
    const data = generateDemoData({ anchor, seed: 42 });
    for (let i = 0; i < data.events.length; i += 2000) {
      await handle.db.insert(events).values(data.events.slice(i, i + 2000).map((e) => ({ ...e, projectId: project.id })));
    }
    await seedDemoTraces(handle.db, project.id, { seed: 7, anchor });
    await recomputeRollups(handle.db, project.id, "day", new Date(anchor.getTime() - 90 * DAY), anchor);
    const now = new Date(anchor.getTime() + 12 * 3_600_000);
    const withoutChanges = table(await qualityForecasts(handle.db, project.id, now));
    await handle.db.insert(experiments).values(demoExperimentRows(project.id, data.experimentStart));
    const withExperiments = table(await qualityForecasts(handle.db, project.id, now));
    return { withoutChanges, withExperiments };
  } finally {
    await handle.close();
  }
}

function table(items: Awaited<ReturnType<typeof qualityForecasts>>) {
  return items.map((i) => {
    const b = i.forecast?.backtest;
    const short = i.forecast?.horizonBacktests?.[0]?.backtest;
    return {
      metric: i.metric,
      model: i.forecast?.model ?? i.reason,
      horizon30: b && { folds: b.folds, coverage80: pct(b.model.coverage80), coverage95: pct(b.model.coverage95), raw80: pct(b.model.rawCoverage80), raw95: pct(b.model.rawCoverage95), mase: b.model.mase, baselineMase: b.baseline.mase },
      horizon7: short && { folds: short.folds, coverage80: pct(short.model.coverage80), coverage95: pct(short.model.coverage95), raw80: pct(short.model.rawCoverage80), raw95: pct(short.model.rawCoverage95) },
    };
  });
}
