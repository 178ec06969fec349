/**
 * Packs the Numenta Anomaly Benchmark corpus (data/ CSVs and
 * labels/combined_windows.json of https://github.com/numenta/NAB, MIT licence)
 * into bench/monitoring/data/nab.json.gz, the file evaluate.ts reads.
 *
 *   NAB_DIR=/path/to/NAB npx tsx bench/monitoring/nab/prepare.ts [commit]
 *
 * NAB_DIR is a checkout (or an exported tree) of numenta/NAB. Only the data and
 * the labels are read; none of NAB's code is used. Timestamps are NAB's naive
 * "YYYY-MM-DD HH:MM:SS" strings, read as UTC.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { NabCorpus } from "./corpus";

const dir = process.env.NAB_DIR;
if (!dir) throw new Error("set NAB_DIR to a checkout of github.com/numenta/NAB");

const utc = (s: string) => Date.parse(`${s.trim().slice(0, 19).replace(" ", "T")}Z`);
const windows = JSON.parse(readFileSync(path.join(dir, "labels", "combined_windows.json"), "utf8")) as Record<string, [string, string][]>;

const series: NabCorpus["series"] = [];
for (const category of readdirSync(path.join(dir, "data")).sort()) {
  const folder = path.join(dir, "data", category);
  if (!category.startsWith("real") && !category.startsWith("artificial")) continue;
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".csv")).sort()) {
    const rows = readFileSync(path.join(folder, file), "utf8").trim().split(/\r?\n/).slice(1);
    const times = rows.map((r) => utc(r.split(",")[0]));
    const values = rows.map((r) => Number(r.split(",")[1]));
    if (times.some(Number.isNaN) || values.some(Number.isNaN)) throw new Error(`unparseable row in ${category}/${file}`);
    const labelled = windows[`${category}/${file}`];
    if (!labelled) throw new Error(`no labels for ${category}/${file}`);
    series.push({
      name: `${category}/${file}`,
      category,
      start: times[0],
      // Seconds since the previous row: NAB's sampling is regular except for gaps, so this packs well.
      gaps: times.slice(1).map((t, i) => (t - times[i]) / 1000),
      values,
      windows: labelled.map(([a, b]) => [utc(a), utc(b)]),
    });
  }
}
const corpus: NabCorpus = { source: "https://github.com/numenta/NAB", commit: process.argv[2] ?? "unknown", licence: "MIT", series };
const here = path.dirname(fileURLToPath(import.meta.url));
writeFileSync(path.join(here, "..", "data", "nab.json.gz"), gzipSync(JSON.stringify(corpus), { level: 9 }));
console.log(`${series.length} series, ${series.reduce((s, x) => s + x.windows.length, 0)} windows`);
