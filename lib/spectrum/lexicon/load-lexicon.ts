// Loads and validates the shipped lexicon. Validation runs once at import:
// a malformed hand edit of the JSON should fail loudly, not skew scores.
import { z } from "zod";
import { fnv1a32 } from "@/lib/primitives/fnv1a";
import { EMOTIONS, type Emotion } from "../types";
import rawLexicon from "./lexicon-v1.json";
import { CONTRAST_WORDS, DEGREE_WORDS, NEGATED_EMOTION, NEGATORS, RULES } from "./rules";

export type EmotionWeights = Partial<Record<Emotion, number>>;

export interface LexiconEntry {
  valence: number;
  arousal: number;
  emotions: EmotionWeights;
  /** Emotions expressed when the cue is negated; falls back to NEGATED_EMOTION. */
  negated?: EmotionWeights;
}

export interface Lexicon {
  version: string;
  /** Single tokens: words (lower case), emoji and normalised emoticons. */
  tokens: ReadonlyMap<string, LexiconEntry>;
  /** Multi-word expressions keyed by space-joined token norms. */
  phrases: ReadonlyMap<string, LexiconEntry>;
  /** Longest phrase in tokens; bounds the phrase matcher's look-ahead. */
  maxPhraseTokens: number;
  /** First tokens of all phrases: most tokens can skip phrase matching. */
  phraseStarts: ReadonlySet<string>;
}

const weightsSchema = z.partialRecord(z.enum(EMOTIONS), z.number().min(0).max(1));
const entrySchema = z.union([
  z.tuple([z.number().min(-1).max(1), z.number().min(0).max(1), weightsSchema]),
  z.tuple([z.number().min(-1).max(1), z.number().min(0).max(1), weightsSchema, weightsSchema]),
]);
const lexiconFileSchema = z.object({
  version: z.string().min(1),
  about: z.string().optional(),
  words: z.record(z.string().regex(/^[a-z']+$/), entrySchema),
  phrases: z.record(z.string().regex(/^\S+( \S+)+$/), entrySchema),
  symbols: z.record(z.string().min(1), entrySchema),
});

export type LexiconFile = z.infer<typeof lexiconFileSchema>;

function toEntry([valence, arousal, emotions, negated]: z.infer<typeof entrySchema>): LexiconEntry {
  return negated ? { valence, arousal, emotions, negated } : { valence, arousal, emotions };
}

/** Builds lookup maps from a lexicon file (the shipped one or a custom one). */
export function buildLexicon(file: unknown): Lexicon {
  const parsed = lexiconFileSchema.parse(file);
  const tokens = new Map<string, LexiconEntry>();
  for (const [k, v] of Object.entries(parsed.words)) tokens.set(k, toEntry(v));
  for (const [k, v] of Object.entries(parsed.symbols)) tokens.set(k, toEntry(v));
  const phrases = new Map<string, LexiconEntry>();
  const phraseStarts = new Set<string>();
  let maxPhraseTokens = 1;
  for (const [k, v] of Object.entries(parsed.phrases)) {
    phrases.set(k, toEntry(v));
    const parts = k.split(" ");
    phraseStarts.add(parts[0]);
    maxPhraseTokens = Math.max(maxPhraseTokens, parts.length);
  }
  return { version: parsed.version, tokens, phrases, maxPhraseTokens, phraseStarts };
}

let shipped: Lexicon | undefined;

/** The lexicon shipped with Prism (parsed lazily, then cached). */
export function shippedLexicon(): Lexicon {
  shipped ??= buildLexicon(rawLexicon);
  return shipped;
}

/** 32-bit FNV-1a as 8 hex digits; enough to detect accidental edits, not a security hash. */
const fnv1aHex = (text: string) => fnv1a32(text).toString(16).padStart(8, "0");

/** Fingerprint of everything that determines the analyzer's output. A test
 * pins it to the current analysis version, forcing a version bump (and thus
 * a re-analysis decision) whenever lexicon or rules change. */
export function analysisFingerprint(file: unknown = rawLexicon): string {
  return fnv1aHex(
    JSON.stringify({
      file,
      rules: RULES,
      negatedEmotion: NEGATED_EMOTION,
      negators: [...NEGATORS].sort(),
      degree: [...DEGREE_WORDS.entries()].sort(([a], [b]) => a.localeCompare(b)),
      contrast: [...CONTRAST_WORDS].sort(),
    }),
  );
}
