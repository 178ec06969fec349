// Drift report for 100,000 reference and 100,000 current records (two numeric, two categorical features, plus
// hashed n-gram embeddings of a 2,000-prompt sample per side, as the drift page uses), against a baseline of
// sorting the numeric columns (the floor any KS/Wasserstein implementation pays) in the same run.
import { computeDrift, hashedNgramEmbedder } from "../../lib/monitoring";
import { driftedClusters } from "../../lib/monitoring/drift/clusters";

function column(n: number, seed: number, shift: number) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const models = ["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "llama-3-70b"];
  const promptLength: number[] = [], tokens: number[] = [], model: string[] = [], tools: string[] = [], prompts: string[] = [];
  for (let i = 0; i < n; i++) {
    const u = rnd();
    promptLength.push(Math.round(200 + 800 * u * u + shift * 50));
    tokens.push(Math.round(100 + 400 * rnd() + shift * 20));
    model.push(models[Math.min(3, Math.floor(rnd() * (4 - shift)))]);
    tools.push(rnd() < 0.3 + shift * 0.1 ? "tools" : "no tools");
    if (i < 2000) prompts.push(`how do I ${["reset", "export", "invite", "upgrade"][Math.floor(rnd() * 4)]} my ${shift ? "invoice" : "account"} ${i % 17}`);
  }
  return { cols: { promptLength, tokens, model, tools }, prompts };
}

export default async function driftBench() {
  const n = 100_000;
  const ref = column(n, 1, 0);
  const cur = column(n, 2, 1);
  const embed = hashedNgramEmbedder({ dimension: 128 });
  let t = performance.now();
  const embeddings = { reference: embed.embedSync(ref.prompts), current: embed.embedSync(cur.prompts) };
  const result = computeDrift({ reference: ref.cols, current: cur.cols, embeddings });
  const driftMs = performance.now() - t;
  // The drifted prompt clusters the daily run adds (k-means on the 2,000 current embeddings).
  t = performance.now();
  const clusters = driftedClusters({ vectors: embeddings.reference, texts: ref.prompts }, { vectors: embeddings.current, texts: cur.prompts });
  const clustersMs = performance.now() - t;
  t = performance.now();
  for (const c of [ref.cols.promptLength, ref.cols.tokens, cur.cols.promptLength, cur.cols.tokens]) Float64Array.from(c).sort();
  const baselineMs = performance.now() - t;
  return {
    records: { reference: n, current: n },
    driftMs: Math.round(driftMs),
    targetMs: 10_000,
    baselineSortMs: Math.round(baselineMs),
    ratioToBaseline: Number((driftMs / baselineMs).toFixed(1)),
    clustersMs: Math.round(clustersMs),
    clustersRatioToBaseline: Number((clustersMs / baselineMs).toFixed(1)),
    driftedClusters: clusters.length,
    drifted: result.features.filter((f) => f.drifted).map((f) => `${f.name}:${f.test}`),
  };
}
