import { detectAnomalies } from "../../lib/monitoring/anomaly/detect";
import { hourlySeries, HOUR, T0 } from "../../lib/monitoring/testing/synthetic";
const HOURS = 14 * 24;
const cases: Record<string, (t: number) => number> = {
  clean: () => 0,
  spikedrop: (t) => (t === 250 ? 15 : t === 300 ? -12 : 0),
  step: (t) => (t >= 240 ? 6 : 0),
  ramp: (t) => (t < 250 ? 0 : 1.5 * Math.min(t - 250, 12)),
};
const seeds: Record<string, number> = { clean: 3, spikedrop: 4, step: 5, ramp: 6 };
for (const [name, effect] of Object.entries(cases)) {
  const t0 = performance.now();
  const r = detectAnomalies({ series: hourlySeries({ hours: HOURS, weekly: 0, seed: seeds[name], effect, missing: name === "clean" ? (t) => t % 37 === 0 || (t >= 200 && t < 205) : undefined }) });
  console.log(name, (performance.now() - t0).toFixed(0), "ms", JSON.stringify(r.meta));
  for (const a of r.anomalies) console.log("  ", (Date.parse(String(a.timestamp)) - T0) / HOUR, a.kind, a.direction, a.value.toFixed(1), a.expected.toFixed(1), a.score.toFixed(1), a.severity);
}
