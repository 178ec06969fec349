// Prism's default sentiment analyzer: the shipped linear model (lib/sentiment/model), offline and synchronous.
import { lexiconAnalyzer } from "@/lib/spectrum/lexicon-analyzer";
import { combineReadings, polarityLabel } from "./combine";
import { withComplaintCues } from "./complaint-cues";
import { textFeatures } from "./model/features";
import { loadModel, logits, readingFromLogits, type LinearModel } from "./model/linear-model";
import { calibrateLongPolarity, type RatingCalibration } from "./model/rating-calibration";
import shippedCalibration from "./model/rating-calibration.json";
import shipped from "./model/weights.json";
import type { SentimentAnalyzer, SentimentReading } from "./types";

/** GoEmotions keeps comments of 3–30 tokens: the model never saw a longer text in training. */
const MAX_WORDS = 30;
const WORD_RE = /[\p{L}\p{N}]+/gu;
const SENTENCE_BREAK_RE = /(?<=[.!?…])\s+|\n+/;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const HAS_CONTENT_RE = /[\p{L}\p{N}]|\p{Extended_Pictographic}/u;
/**
 * How a long text's polarity is made: the mean of its sentences' model polarities, the mean valence Spectrum's lexicon
 * finds in them (sentences where it finds a cue, so sizes and measurements do not dilute it), and the lexicon's
 * reading of the whole text (which sees the count of cues and a sentence opening with "but"). Each sentence's reading
 * goes through the complaint cues (complaint-cues.ts) first. Chosen on reviews that are not the ratings bench's
 * (bench/sentiment/data/clothing-reviews-dev.tsv, bench/sentiment/README.md).
 */
export const LONG_TEXT_SHARES = { model: 0.4, sentenceLexicon: 0.4, wholeLexicon: 0.2 } as const;
/** Version of the long-text reading (part of the analyzer's version: long texts read differently from v1). */
export const LONG_TEXT_READING_VERSION = "sentences-v2";

/** Mean lexicon valence, complaint cues applied, of the sentences in which Spectrum's lexicon finds a cue (0: none). */
export function sentenceLexiconValence(sentences: readonly string[]): number {
  let sum = 0, n = 0;
  for (const s of sentences) {
    const { vector, evidence } = lexiconAnalyzer().analyzeWithEvidence(s);
    if (evidence === 0) continue;
    sum += withComplaintCues(s, vector.valence);
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * The sentences of a text longer than the model's training texts, or null for a text of at most MAX_WORDS words
 * (read whole). A long text read whole saturates (a review with five pleasant words and one complaint reads +1);
 * read sentence by sentence, each part is the size the model knows and the mixed ones land in between.
 */
export function longTextSentences(text: string): string[] | null {
  let words = 0;
  for (const _ of text.matchAll(WORD_RE)) if (++words > MAX_WORDS) break;
  if (words <= MAX_WORDS) return null;
  const sentences = text.split(SENTENCE_BREAK_RE).filter((s) => HAS_CONTENT_RE.test(s));
  return sentences.length > 1 ? sentences : null;
}

export class LocalSentimentAnalyzer implements SentimentAnalyzer {
  readonly version: string;
  /** `calibration`: the long texts' polarity scale fitted on rated text (null: the blend as it comes, for fitting it). */
  constructor(
    private readonly model: LinearModel,
    private readonly calibration: RatingCalibration | null,
  ) {
    const reading = `${model.version}+${LONG_TEXT_READING_VERSION}`;
    this.version = calibration ? `${reading}+${calibration.version}` : reading;
  }

  private read(text: string): SentimentReading {
    return readingFromLogits(this.model, logits(this.model, textFeatures(text)));
  }

  /**
   * One reading; a text longer than the training texts is the combination of its sentences' readings (emotions at
   * their strongest), its polarity blended from three readers (LONG_TEXT_SHARES): the model never saw a text that
   * long, and on reviews (a median of 63 words) the readers together rank the writers' ratings better than any alone.
   * That blend is then moved onto the short texts' scale by the rating calibration (model/rating-calibration.ts).
   */
  analyzeOne(text: string): SentimentReading {
    const sentences = longTextSentences(text);
    if (!sentences) return this.read(text);
    const readings = sentences.map((s) => this.read(s));
    const combined = combineReadings(readings)!;
    const modelMean = readings.reduce((sum, r, i) => sum + withComplaintCues(sentences[i], r.polarity), 0) / readings.length;
    const blend = round4(
      LONG_TEXT_SHARES.model * modelMean +
        LONG_TEXT_SHARES.sentenceLexicon * sentenceLexiconValence(sentences) +
        LONG_TEXT_SHARES.wholeLexicon * lexiconAnalyzer().analyzeWithEvidence(text).vector.valence,
    );
    const polarity = this.calibration ? round4(calibrateLongPolarity(this.calibration, blend)) : blend;
    return { ...combined, polarity, label: polarityLabel(polarity) };
  }

  async analyze(texts: readonly string[]): Promise<SentimentReading[]> {
    return texts.map((t) => this.analyzeOne(t));
  }
}

let shared: LocalSentimentAnalyzer | undefined;

/** The shipped model without its rating calibration: the readings the calibration is fitted on. */
export function uncalibratedSentimentAnalyzer(): LocalSentimentAnalyzer {
  return new LocalSentimentAnalyzer(loadModel(shipped), null);
}

/** The shipped model with its shipped rating calibration, parsed once per process. */
export function localSentimentAnalyzer(): LocalSentimentAnalyzer {
  shared ??= new LocalSentimentAnalyzer(loadModel(shipped), shippedCalibration as RatingCalibration);
  return shared;
}
