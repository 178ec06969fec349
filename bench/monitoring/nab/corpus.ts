/** The packed NAB corpus (see prepare.ts and data/NAB-NOTICE.md) and its loader. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export interface NabCorpus {
  source: string;
  commit: string;
  licence: string;
  series: {
    name: string; // "<category>/<file>.csv", the key in NAB's labels
    category: string;
    start: number; // epoch ms of the first row
    gaps: number[]; // seconds between consecutive rows
    values: number[];
    windows: [number, number][]; // inclusive, epoch ms
  }[];
}

export interface NabSeries {
  name: string;
  category: string;
  timestamps: number[];
  values: number[];
  windows: { start: number; end: number }[];
}

export function loadNab(): { commit: string; series: NabSeries[] } {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const corpus = JSON.parse(gunzipSync(readFileSync(path.join(here, "..", "data", "nab.json.gz"))).toString("utf8")) as NabCorpus;
  return {
    commit: corpus.commit,
    series: corpus.series.map((s) => {
      const timestamps = [s.start];
      for (const g of s.gaps) timestamps.push(timestamps[timestamps.length - 1] + g * 1000);
      return { name: s.name, category: s.category, timestamps, values: s.values, windows: s.windows.map(([start, end]) => ({ start, end })) };
    }),
  };
}
