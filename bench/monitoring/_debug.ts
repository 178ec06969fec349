import { readFileSync } from "node:fs";
import { classifyAnomalies, scoreSeries } from "../../lib/monitoring/anomaly/detect";
const corpus = JSON.parse(readFileSync("bench/monitoring/data/synthetic.json", "utf8"));
const only = process.argv[2];
for (const s of corpus.series) {
  if (only && s.name !== only) continue;
  const sc = scoreSeries(s.points)!;
  const { expected, sigma } = sc.exp;
  const z: number[] = [];
  for (let t = sc.exp.firstScored; t < expected.length; t++) { const y = sc.base.observed[t]; if (!isNaN(y)) z.push(Math.abs((y - expected[t]) / sigma[t])); }
  z.sort((a, b) => a - b);
  const q = (p: number) => z[Math.floor(p * (z.length - 1))].toFixed(2);
  const an = classifyAnomalies(sc, 1);
  const counts: Record<string, number> = {};
  for (const a of an) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
  console.log(s.name, "noise", sc.base.noise.toFixed(2), "|z| q50", q(0.5), "q90", q(0.9), "q99", q(0.99), "max", q(1), counts);
  console.log("  windows", s.windows.map((w: any) => w.kind + "@" + w.onset.slice(5, 13)).join(" "));
  const inW = (ts: string) => s.windows.some((w: any) => ts >= w.start && ts <= w.end);
  for (const a of an) console.log("  ", inW(String(a.timestamp)) ? "TP" : "FP", String(a.timestamp).slice(5, 13), a.kind, a.direction, a.value, a.expected.toFixed(1), a.score.toFixed(1));
}
