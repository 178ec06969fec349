// Two shapes of complaint that the GoEmotions-trained model and Spectrum's lexicon both read as praise, corrected in
// the sentences of a long text (the path of texts longer than the model's training texts, local-analyzer.ts): an
// unfulfilled hope ("I wanted to love this dress", "I really wanted it to work", "I had high hopes") holds a warm
// word that did not come true, and an excess ("too big", "way too long", "too slow") is a fault whatever the adjective.
// Chosen on the dev reviews only (bench/sentiment/README.md). Pure.

/** A past wish to like the thing, or high hopes: what follows is what the writer did not get. */
const UNFULFILLED_HOPE_RE = /\bwanted\b[^.!?]*\bto (?:love|like|work)\b|\bhad (?:such )?high hopes\b/i;
/** "too" before a word, unless negated ("not too heavy" is praise). */
const EXCESS_RE = /(?<!(?:\bnot|n['’]t|\bnever)\s+)\btoo\s+\p{L}/iu;
/**
 * The pleasant reading of a sentence with an unfulfilled hope is flipped and damped like a negated word: VADER's
 * negation scalar, the one the model's features use (model/features.ts). On dev −0.5 and −1 ranked the same.
 */
export const UNFULFILLED_HOPE_SCALE = -0.74;

export const hasUnfulfilledHope = (sentence: string) => UNFULFILLED_HOPE_RE.test(sentence);
export const hasExcess = (sentence: string) => EXCESS_RE.test(sentence);

/**
 * A sentence's polarity (the model's or the lexicon's, in [-1, 1]) with the complaint cues applied: a pleasant
 * reading of an unfulfilled hope flipped and damped, a sentence that finds something too much read at most neutral.
 */
export function withComplaintCues(sentence: string, polarity: number): number {
  let p = polarity;
  if (p > 0 && hasUnfulfilledHope(sentence)) p *= UNFULFILLED_HOPE_SCALE;
  if (hasExcess(sentence)) p = Math.min(p, 0);
  return p;
}
