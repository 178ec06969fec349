// Fits the sentiment model's rating calibration on the dev reviews only and writes
// lib/sentiment/model/rating-calibration.json (unchanged when the fit is the same):
//
//   npx tsx scripts/calibrate-sentiment.ts
//
// The held-out reviews (bench/sentiment/data/clothing-reviews.tsv) are never read here; they are scored by
// `npx tsx bench/run.ts sentiment/ratings`. Rerun after a change to the model or to how long texts are read.
import { loadClothingReviews } from "../bench/sentiment/reviews";
import { fitRatingCalibrationOn, RATING_CALIBRATION_FILE } from "./lib/fit-rating-calibration";
import { writeModelJson } from "./lib/model-json";

const calibration = fitRatingCalibrationOn(loadClothingReviews("dev"));
const changed = writeModelJson(RATING_CALIBRATION_FILE, calibration);
console.log(`${RATING_CALIBRATION_FILE}: ${calibration.short.length} short-text knots, ${calibration.long.length} long-text knots${changed ? "" : " (unchanged)"}`);
