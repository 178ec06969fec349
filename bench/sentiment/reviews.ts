// The shipped labelled sets with ratings and text (CC0, see data/NOTICE.md), both from the Women's E-Commerce
// Clothing Reviews corpus: clothing-reviews.tsv, its first 1,000 rows less the 42 without review text (the held-out
// set the figures are reported on), and clothing-reviews-dev.tsv, rows 1,000–1,567 less those without text (554
// reviews, the set on which the analyzer's long-text rule was chosen and its rating calibration fitted).
import { readFileSync } from "node:fs";
import path from "node:path";

export interface RatedText {
  /** 1 (worst) … 5 (best), given by the author of the text. */
  rating: number;
  /** Title and body, as a reader sees them. */
  text: string;
}

export function loadClothingReviews(split: "test" | "dev" = "test"): RatedText[] {
  const file = split === "test" ? "data/clothing-reviews.tsv" : "data/clothing-reviews-dev.tsv";
  const tsv = readFileSync(path.join(import.meta.dirname, file), "utf8");
  return tsv
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [, rating, title, text] = line.split("\t");
      return { rating: Number(rating), text: title ? `${title}. ${text}` : text };
    });
}
