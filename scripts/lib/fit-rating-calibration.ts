// The rating calibration shipped in lib/sentiment/model/rating-calibration.json, fitted from rated texts: each text
// read by the uncalibrated analyzer, split by the path it takes (whole, or sentence by sentence), and an isotonic
// curve of rating on polarity fitted per path. Used by scripts/calibrate-sentiment.ts and by the test that checks the
// shipped file is the dev split's fit.
import { longTextSentences, uncalibratedSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import { fitRatingCalibration, type RatingCalibration } from "@/lib/sentiment/model/rating-calibration";

export const RATING_CALIBRATION_FILE = "rating-calibration.json";
const VERSION = "reviews-dev-cal-v2";
const FITTED_ON = "bench/sentiment/data/clothing-reviews-dev.tsv (Women's E-Commerce Clothing Reviews rows 1,000-1,567, CC0)";

export function fitRatingCalibrationOn(texts: readonly { text: string; rating: number }[]): RatingCalibration {
  const analyzer = uncalibratedSentimentAnalyzer();
  const rows = texts.map((t) => ({ polarity: analyzer.analyzeOne(t.text).polarity, rating: t.rating, long: longTextSentences(t.text) !== null }));
  return fitRatingCalibration(rows, { version: VERSION, fittedOn: FITTED_ON });
}
