// The correlation between what people write and how they rate, on the shipped labelled set of rated texts
// (bench/sentiment/data/clothing-reviews.tsv: 958 product reviews with their authors' 1–5 ratings, CC0; held out:
// the long-text rule was chosen and the rating calibration fitted on clothing-reviews-dev.tsv). The figures of every analyzer are in
// bench/sentiment/README.md (`npx tsx bench/run.ts sentiment/ratings`).
import { expect, test } from "vitest";
import { combineReadings } from "@/lib/sentiment/combine";
import { readFileSync } from "node:fs";
import path from "node:path";
import { localSentimentAnalyzer, longTextSentences, uncalibratedSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import { spearman } from "@/lib/sentiment/stats";
import vader from "vader-sentiment";
import { loadClothingReviews } from "../bench/sentiment/reviews";
import { fitRatingCalibrationOn, RATING_CALIBRATION_FILE } from "../scripts/lib/fit-rating-calibration";
import { MODEL_DIR, modelJsonText } from "../scripts/lib/model-json";

const reviews = loadClothingReviews();
const ratings = reviews.map((r) => r.rating);

test("the shipped sets: 958 held-out reviews and 554 dev reviews, every rating from 1 to 5", () => {
  expect(reviews).toHaveLength(958);
  expect(new Set(ratings)).toEqual(new Set([1, 2, 3, 4, 5]));
  expect(loadClothingReviews("dev")).toHaveLength(554);
});

test("Prism's model ranks reviews by their rating better than VADER does", () => {
  const model = localSentimentAnalyzer();
  const prism = spearman(reviews.map((r) => model.analyzeOne(r.text).polarity), ratings);
  const baseline = spearman(reviews.map((r) => vader.SentimentIntensityAnalyzer.polarity_scores(r.text).compound), ratings);
  console.info(`clothing reviews: Prism rho ${prism.rho} (95% CI ${prism.ci?.join(" .. ")}), VADER rho ${baseline.rho}`);
  expect(prism.rho!).toBeGreaterThan(baseline.rho!);
  // Long texts read with the complaint cues and the whole-text lexicon (sentences-v2), calibrated: rho 0.617, CI
  // 0.575–0.655 (sentences-v1 calibrated: 0.593, 0.549–0.634; uncalibrated v3: 0.584, 0.539–0.625).
  expect(prism.rho!).toBeGreaterThan(0.6);
  expect(prism.ci![0]).toBeGreaterThan(0.57);
});

test("long reviews read by the model and the lexicon together rank better than by the model's sentences alone", () => {
  const model = uncalibratedSentimentAnalyzer();
  const modelOnly = (text: string) => {
    const sentences = longTextSentences(text);
    return sentences ? combineReadings(sentences.map((s) => model.analyzeOne(s)))!.polarity : model.analyzeOne(text).polarity;
  };
  const both = spearman(reviews.map((r) => model.analyzeOne(r.text).polarity), ratings).rho!;
  const alone = spearman(reviews.map((r) => modelOnly(r.text)), ratings).rho!;
  expect(both).toBeGreaterThan(alone + 0.02);
});

test("the shipped rating calibration is the dev reviews' fit, byte for byte, and not the held-out reviews' fit", () => {
  const shipped = readFileSync(path.join(MODEL_DIR, RATING_CALIBRATION_FILE), "utf8");
  expect(modelJsonText(fitRatingCalibrationOn(loadClothingReviews("dev")))).toBe(shipped);
  expect(modelJsonText(fitRatingCalibrationOn(reviews))).not.toBe(shipped);
});
