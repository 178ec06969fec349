// Prism's default sentiment analyzer: the shipped linear model (lib/sentiment/model), offline and synchronous.
import { combineReadings } from "./combine";
import { textFeatures } from "./model/features";
import { loadModel, logits, readingFromLogits, type LinearModel } from "./model/linear-model";
import shipped from "./model/weights.json";
import type { SentimentAnalyzer, SentimentReading } from "./types";

/** GoEmotions keeps comments of 3–30 tokens: the model never saw a longer text in training. */
const MAX_WORDS = 30;
const WORD_RE = /[\p{L}\p{N}]+/gu;
const SENTENCE_BREAK_RE = /(?<=[.!?…])\s+|\n+/;
const HAS_CONTENT_RE = /[\p{L}\p{N}]|\p{Extended_Pictographic}/u;

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
  constructor(private readonly model: LinearModel) {
    this.version = model.version;
  }

  private read(text: string): SentimentReading {
    return readingFromLogits(this.model, logits(this.model, textFeatures(text)));
  }

  /** One reading; a text longer than the training texts is the combination of its sentences' readings. */
  analyzeOne(text: string): SentimentReading {
    const sentences = longTextSentences(text);
    return sentences ? combineReadings(sentences.map((s) => this.read(s)))! : this.read(text);
  }

  async analyze(texts: readonly string[]): Promise<SentimentReading[]> {
    return texts.map((t) => this.analyzeOne(t));
  }
}

let shared: LocalSentimentAnalyzer | undefined;

/** The shipped model, parsed once per process. */
export function localSentimentAnalyzer(): LocalSentimentAnalyzer {
  shared ??= new LocalSentimentAnalyzer(loadModel(shipped));
  return shared;
}
