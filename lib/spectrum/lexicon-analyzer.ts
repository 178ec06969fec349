// Default, offline EmotionAnalyzer: lexicon + rules, no network, no model.
import { analysisFingerprint, buildLexicon, shippedLexicon, type Lexicon } from "./lexicon/load-lexicon";
import { scoreText, scoreTokens } from "./lexicon/score-text";
import type { TokenizedText } from "./text/tokenize";
import type { EmotionAnalyzer, EmotionVector } from "./types";

/**
 * Version stored with every result. Bump it whenever the lexicon JSON, the
 * rules (lexicon/rules.ts) or the scoring code change; results of different
 * versions must not be compared or aggregated together. The fingerprint test
 * enforces the bump for data/rule changes.
 */
export const LEXICON_ANALYSIS_VERSION = "lexicon-v1";

export interface LexiconAnalyzerOptions {
  /** A custom lexicon file (same JSON shape as lexicon-v1.json), e.g. for a
   * domain-specific vocabulary. Its results get a distinct version string. */
  lexiconFile?: unknown;
}

export class LexiconEmotionAnalyzer implements EmotionAnalyzer {
  readonly id = "lexicon";
  readonly version: string;
  private readonly lexicon: Lexicon;

  constructor(options: LexiconAnalyzerOptions = {}) {
    if (options.lexiconFile === undefined) {
      this.lexicon = shippedLexicon();
      this.version = LEXICON_ANALYSIS_VERSION;
    } else {
      this.lexicon = buildLexicon(options.lexiconFile);
      // Never let a custom lexicon masquerade as the shipped version.
      this.version = `lexicon-custom-${this.lexicon.version}-${analysisFingerprint(options.lexiconFile)}`;
    }
  }

  /** Synchronous variant for batch jobs and the evaluation script. */
  analyzeSync(texts: readonly string[]): EmotionVector[] {
    return texts.map((t) => scoreText(t, this.lexicon).vector);
  }

  async analyze(texts: readonly string[]): Promise<EmotionVector[]> {
    return this.analyzeSync(texts);
  }

  /** Vector plus the amount of lexical evidence behind it (0 = no cue found),
   * useful to tell "neutral" from "nothing to go on". */
  analyzeWithEvidence(text: string): { vector: EmotionVector; evidence: number } {
    return scoreText(text, this.lexicon);
  }

  /** `analyzeWithEvidence` of a text already tokenized with `tokenize` (no second tokenization). */
  analyzeTokens(tokens: TokenizedText): { vector: EmotionVector; evidence: number } {
    return scoreTokens(tokens, this.lexicon);
  }
}

let defaultAnalyzer: LexiconEmotionAnalyzer | undefined;

/** Shared instance of the default analyzer (the lexicon is parsed once). */
export function lexiconAnalyzer(): LexiconEmotionAnalyzer {
  defaultAnalyzer ??= new LexiconEmotionAnalyzer();
  return defaultAnalyzer;
}
