// Rank correlation between each analyzer's polarity and the author's own 1–5 rating, on the shipped labelled sets of
// rated texts (bench/sentiment/reviews.ts, CC0): the held-out 958 reviews and the 554 dev reviews on which the
// analyzer's long-text rule was chosen and its rating calibration fitted. The requirements' success criterion is
// Spearman rho > 0.6 between sentiment and ratings; tests/sentiment-ratings.test.ts holds Prism's model to its figure
// on the held-out set.
//   npx tsx bench/run.ts sentiment/ratings
import { spearman } from "@/lib/sentiment/stats";
import { benchScorers } from "./analyzers";
import { loadClothingReviews } from "./reviews";

export default async function ratings() {
  const sets = { test: loadClothingReviews("test"), dev: loadClothingReviews("dev") };
  const table = benchScorers().map((a) => {
    const row = { analyzer: a.name } as Record<string, unknown>;
    for (const [name, reviews] of Object.entries(sets)) {
      const r = spearman(reviews.map((x) => a.score(x.text)), reviews.map((x) => x.rating));
      row[name] = { rho: +(r.rho ?? NaN).toFixed(4), ci: r.ci?.map((v) => +v.toFixed(4)), n: r.n };
    }
    return row as { analyzer: string; test: { rho: number; ci?: number[] }; dev: { rho: number; ci?: number[] } };
  });
  const lines = [
    "| analyzer | held-out rho (958) | 95% CI | dev rho (554) |",
    "| --- | --- | --- | --- |",
    ...table.map((t) => `| ${t.analyzer} | ${t.test.rho} | ${t.test.ci?.join(" – ")} | ${t.dev.rho} |`),
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
  return { set: "Women's E-Commerce Clothing Reviews (rows 0–999 held out, 1,000–1,567 dev; CC0)", texts: { test: sets.test.length, dev: sets.dev.length }, table };
}
