// Rank correlation between each analyzer's polarity and the author's own 1–5 rating, on the shipped labelled set of
// rated texts (bench/sentiment/reviews.ts, CC0). The requirements' success criterion is Spearman rho > 0.6 between
// sentiment and ratings; tests/sentiment-ratings.test.ts holds Prism's model to it on the same set.
//   npx tsx bench/run.ts sentiment/ratings
import { spearman } from "@/lib/sentiment/stats";
import { benchScorers } from "./analyzers";
import { loadClothingReviews } from "./reviews";

export default async function ratings() {
  const reviews = loadClothingReviews();
  const table = benchScorers().map((a) => {
    const r = spearman(reviews.map((x) => a.score(x.text)), reviews.map((x) => x.rating));
    return { analyzer: a.name, rho: +(r.rho ?? NaN).toFixed(4), ci: r.ci?.map((v) => +v.toFixed(4)), n: r.n };
  });
  const lines = [
    "| analyzer | Spearman rho with the rating | 95% CI |",
    "| --- | --- | --- |",
    ...table.map((t) => `| ${t.analyzer} | ${t.rho} | ${t.ci?.join(" – ")} |`),
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
  return { set: "Women's E-Commerce Clothing Reviews (first 1,000 rows, CC0)", texts: reviews.length, table };
}
