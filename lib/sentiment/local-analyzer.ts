// Prism's default sentiment analyzer: the shipped linear model (lib/sentiment/model), offline and synchronous.
import { textFeatures } from "./model/features";
import { loadModel, logits, readingFromLogits, type LinearModel } from "./model/linear-model";
import shipped from "./model/weights.json";
import type { SentimentAnalyzer, SentimentReading } from "./types";

export class LocalSentimentAnalyzer implements SentimentAnalyzer {
  readonly version: string;
  constructor(private readonly model: LinearModel) {
    this.version = model.version;
  }

  analyzeOne(text: string): SentimentReading {
    return readingFromLogits(this.model, logits(this.model, textFeatures(text)));
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
