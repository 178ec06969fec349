// Rule constants of the lexicon analyzer. They are part of the analysis
// version: the fingerprint test hashes this object together with the lexicon,
// so changing any number here without bumping LEXICON_ANALYSIS_VERSION fails CI.
import type { Emotion } from "../types";

export const RULES = {
  /** How many tokens back a negator or degree word still applies ("not very
   * happy" = 2 back). Scope never crosses clause punctuation or "but". */
  scope: 3,
  /** Degree words lose some force with distance (VADER-style decay). */
  scopeDecay: [1, 0.95, 0.9],
  /** Negated valence: flip and dampen. "not happy" is milder than "sad". */
  negationValence: -0.55,
  /** Share of a negated cue's arousal (relative to neutral) that survives:
   * "not angry" is not an agitated statement. */
  negationArousalKeep: 0.3,
  /** "no" is often an interjection ("No I get it"), so it only negates cues
   * at most this many tokens later. */
  noScope: 2,
  /** Contrast ("but", "however"): clause before is downweighted, after upweighted. */
  contrastBefore: 0.5,
  contrastAfter: 1.5,
  /** Per "!" in a sentence (capped) emphasis on that sentence's cues. */
  exclamationBoost: 0.1,
  exclamationCap: 4,
  exclamationArousal: 0.04,
  /** Single capitalised cue word in otherwise normal text: emphasis. */
  capsBoost: 0.3,
  capsArousal: 0.05,
  /** Whole message in capitals: shouting. */
  shoutingBoost: 0.2,
  shoutingArousal: 0.2,
  /** "sooo happy", "ugggh". */
  elongationBoost: 0.15,
  /** Lowest multiplier diminishers can push a cue to. */
  minMultiplier: 0.15,
  /** Squash of the summed valence: v / sqrt(v^2 + alpha). */
  valenceAlpha: 0.6,
  /** Squash of summed emotion evidence: 1 - exp(-gain * e). */
  emotionGain: 1.2,
  /** Evidence needed before lexicon arousal outweighs the neutral baseline. */
  arousalEvidenceHalf: 0.5,
  /** Upper bound on arousal added by punctuation/caps, whatever the count. */
  maxEmphasisArousal: 0.3,
  /** "??" and "?!" are cues of their own, shaped like lexicon entries. */
  doubleQuestion: { valence: -0.1, arousal: 0.55, emotions: { confusion: 0.45 } },
  interrobang: { valence: -0.2, arousal: 0.75, emotions: { frustration: 0.3, confusion: 0.2 } },
} as const;

/** What a negated emotion turns into when the entry has no explicit
 * override: "not worried" reads as some calm, "not happy" as some sadness. */
export const NEGATED_EMOTION: Record<Emotion, Partial<Record<Emotion, number>>> = {
  joy: { sadness: 0.3, frustration: 0.15 },
  calm: { anxiety: 0.35 },
  gratitude: { frustration: 0.3 },
  sadness: { calm: 0.15, joy: 0.1 },
  anxiety: { calm: 0.4 },
  anger: { calm: 0.2 },
  frustration: { calm: 0.2 },
  confusion: { calm: 0.2 },
};

export const NEGATORS: ReadonlySet<string> = new Set([
  "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without",
  "hardly", "barely", "scarcely", "cannot", "cant", "can't", "don't", "dont", "doesn't", "doesnt",
  "didn't", "didnt", "isn't", "isnt", "aren't", "arent", "wasn't", "wasnt", "weren't", "werent",
  "won't", "wont", "wouldn't", "wouldnt", "shouldn't", "shouldnt", "couldn't", "couldnt",
  "haven't", "havent", "hasn't", "hasnt", "hadn't", "hadnt", "ain't", "aint", "mustn't", "needn't",
]);

/** Degree words: positive values intensify, negative values diminish.
 * Two-word entries ("a bit") are matched as a pair of tokens. */
export const DEGREE_WORDS: ReadonlyMap<string, number> = new Map([
  ["very", 0.3], ["really", 0.25], ["so", 0.25], ["too", 0.2], ["extremely", 0.5], ["incredibly", 0.45],
  ["super", 0.3], ["totally", 0.3], ["completely", 0.35], ["absolutely", 0.4], ["utterly", 0.45],
  ["truly", 0.3], ["deeply", 0.4], ["highly", 0.3], ["terribly", 0.4], ["awfully", 0.35],
  ["seriously", 0.3], ["insanely", 0.45], ["hugely", 0.35], ["such", 0.2], ["especially", 0.2],
  ["particularly", 0.2], ["genuinely", 0.2], ["thoroughly", 0.3], ["exceptionally", 0.4],
  ["ridiculously", 0.4], ["unbelievably", 0.45], ["enormously", 0.4], ["immensely", 0.45],
  ["beyond", 0.3], ["mega", 0.3], ["majorly", 0.3], ["fucking", 0.4], ["freaking", 0.35],
  ["frickin", 0.3], ["bloody", 0.3], ["damn", 0.3], ["damned", 0.3], ["quite", 0.15], ["pretty", 0.1],
  ["more", 0.15], ["much", 0.2], ["most", 0.2], ["increasingly", 0.2], ["overly", 0.25], ["way", 0.2], ["real", 0.15],
  ["slightly", -0.4], ["somewhat", -0.3], ["kinda", -0.35], ["sorta", -0.35], ["mildly", -0.4],
  ["partly", -0.3], ["marginally", -0.4], ["fairly", -0.15], ["rather", -0.1], ["almost", -0.2],
  ["less", -0.3], ["moderately", -0.2], ["occasionally", -0.3], ["little", -0.3], ["bit", -0.35],
  ["a bit", -0.35], ["a little", -0.35], ["kind of", -0.35], ["sort of", -0.35], ["a tad", -0.35],
  ["a touch", -0.3], ["little bit", -0.4],
  // "can't stop smiling" intensifies rather than negates.
  ["can't stop", 0.3], ["cant stop", 0.3], ["cannot stop", 0.3], ["couldn't stop", 0.3], ["couldnt stop", 0.3],
]);

/** Words that start a contrastive clause. */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set(["but", "however"]);
