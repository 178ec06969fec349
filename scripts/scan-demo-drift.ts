// For the demo seeded at every 10 minutes of one UTC day, whether its daily drift report lists the planted German
// billing prompts as a drifted cluster (the e2e's check in e2e/monitoring.spec.ts):
//
//   npx tsx scripts/scan-demo-drift.ts [YYYY-MM-DD] [seed]
//
// Prints the anchors where it does not and the count found.
import { demoDriftReport, germanClusters } from "./lib/demo-drift";

const day = process.argv[2] ?? "2026-12-06";
const seed = process.argv[3] ? Number(process.argv[3]) : undefined;
const start = Date.parse(`${day}T00:00:00Z`);
let found = 0, other = 0;
const missed: string[] = [];
for (let m = 0; m < 24 * 60; m += 10) {
  const anchor = new Date(start + m * 60_000);
  const report = demoDriftReport(anchor, seed);
  const german = germanClusters(report);
  other += (report.clusters ?? []).length - german.length;
  if (german.length > 0) found++;
  else missed.push(`${anchor.toISOString().slice(11, 16)} (${(report.clusters ?? []).length} clusters: ${(report.clusters ?? []).map((c) => c.examples[0]?.slice(0, 40)).join(" | ")})`);
}
for (const m of missed) console.log(`missed ${m}`);
console.log(`${day}${seed === undefined ? "" : ` seed ${seed}`}: German cluster found at ${found}/144 anchors; ${other} non-German clusters reported`);
