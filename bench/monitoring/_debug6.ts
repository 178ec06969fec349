import { detectAnomalies } from "../../lib/monitoring/anomaly/detect";
import { hourlySeries, HOUR, T0 } from "../../lib/monitoring/testing/synthetic";
for (const slope of [0.15, 0.25, 0.4, 0.6]) for (const seed of [1, 2]) {
  const effect = (t: number) => (t < 230 ? 0 : slope * Math.min(t - 230, 60));
  const r = detectAnomalies({ series: hourlySeries({ hours: 336, weekly: 0, seed, effect }) });
  console.log(slope, seed, r.anomalies.map((a) => `${(Date.parse(String(a.timestamp)) - T0) / HOUR}:${a.kind}:${a.direction}:${a.score.toFixed(1)}`).join(" "));
}
