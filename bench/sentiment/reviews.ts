// The shipped labelled set with ratings and text (bench/sentiment/data/clothing-reviews.tsv, CC0, see NOTICE.md):
// the first 1,000 rows of the Women's E-Commerce Clothing Reviews corpus, less the 42 without review text.
import { readFileSync } from "node:fs";
import path from "node:path";

export interface RatedText {
  /** 1 (worst) … 5 (best), given by the author of the text. */
  rating: number;
  /** Title and body, as a reader sees them. */
  text: string;
}

export function loadClothingReviews(): RatedText[] {
  const tsv = readFileSync(path.join(import.meta.dirname, "data/clothing-reviews.tsv"), "utf8");
  return tsv
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [, rating, title, text] = line.split("\t");
      return { rating: Number(rating), text: title ? `${title}. ${text}` : text };
    });
}
