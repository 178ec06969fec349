// Rule-based scoring of one text against the lexicon (VADER-like mechanics,
// extended from valence to arousal and named emotions).
//
// NOTE: changing the logic in this file changes results; bump
// LEXICON_ANALYSIS_VERSION when you do (the fingerprint test only sees data).
import { tokenize, type Token, type TokenizedText } from "../text/tokenize";
import { EMOTIONS, type EmotionVector } from "../types";
import { NEUTRAL_AROUSAL, clamp, zeroScores } from "../vector";
import type { EmotionWeights, Lexicon, LexiconEntry } from "./load-lexicon";
import { CONTRAST_WORDS, DEGREE_WORDS, NEGATED_EMOTION, NEGATORS, RULES } from "./rules";

export interface ScoredText {
  vector: EmotionVector;
  /** Sum of cue weights; 0 means no emotional cue was found at all. */
  evidence: number;
}

/** Running sums for one sentence; sentences are weighted before merging so
 * that a sentence-initial "But ..." can downweight the sentence before it. */
interface Accumulator {
  valence: number;
  emotions: Record<string, number>;
  arousalNum: number;
  arousalDen: number;
  evidence: number;
}

function newAccumulator(): Accumulator {
  return { valence: 0, emotions: zeroScores(), arousalNum: 0, arousalDen: 0, evidence: 0 };
}

/** Inflection fallback for words missing from the lexicon: worries -> worry,
 * hating -> hate, calmly -> calm. Only for words long enough that stripping
 * a suffix still leaves a plausible stem. */
function inflectionCandidates(w: string): string[] {
  if (w.length < 5) return [];
  const out: string[] = [];
  const undouble = (s: string) => (s.length > 2 && s.at(-1) === s.at(-2) ? [s.slice(0, -1)] : []);
  if (w.endsWith("ies") || w.endsWith("ied")) out.push(w.slice(0, -3) + "y");
  if (w.endsWith("ily")) out.push(w.slice(0, -3) + "y");
  if (w.endsWith("ing")) {
    const s = w.slice(0, -3);
    out.push(s, s + "e", ...undouble(s));
  }
  if (w.endsWith("ed")) {
    const s = w.slice(0, -2);
    out.push(s, s + "e", ...undouble(s));
  }
  if (w.endsWith("ness")) out.push(w.slice(0, -4));
  if (w.endsWith("ly")) out.push(w.slice(0, -2));
  if (w.endsWith("es")) out.push(w.slice(0, -2));
  if (w.endsWith("s") && !w.endsWith("ss")) out.push(w.slice(0, -1));
  return out;
}

function lookupToken(t: Token, lex: Lexicon): LexiconEntry | undefined {
  const direct = lex.tokens.get(t.norm);
  if (direct || t.kind !== "word") return direct;
  const alt = t.alt === undefined ? undefined : lex.tokens.get(t.alt);
  if (alt) return alt;
  for (const c of inflectionCandidates(t.norm)) {
    const hit = lex.tokens.get(c);
    if (hit) return hit;
  }
  return undefined;
}

/** Longest phrase starting at i, else the single token entry. */
function matchAt(tokens: Token[], i: number, lex: Lexicon): { entry: LexiconEntry; length: number } | null {
  const maxLen = lex.phraseStarts.has(tokens[i].norm) ? Math.min(lex.maxPhraseTokens, tokens.length - i) : 1;
  for (let len = maxLen; len >= 2; len--) {
    const slice = tokens.slice(i, i + len);
    if (slice.some((t) => t.kind === "punct")) continue;
    const entry = lex.phrases.get(slice.map((t) => t.norm).join(" "));
    if (entry) return { entry, length: len };
  }
  const entry = lookupToken(tokens[i], lex);
  return entry ? { entry, length: 1 } : null;
}

/** Looks back from a cue for negators and degree words within the clause. */
function modifiersBefore(tokens: Token[], i: number, consumed: Uint8Array): { negated: boolean; degree: number } {
  let negated = false;
  let degree = 0;
  let j = i - 1;
  for (let step = 0; step < RULES.scope && j >= 0; step++) {
    const t = tokens[j];
    if (t.kind === "punct" || CONTRAST_WORDS.has(t.norm)) break;
    const decay = RULES.scopeDecay[step] ?? 0;
    if (consumed[j]) {
      // Part of an earlier phrase cue ("can't wait"): neither negator nor degree.
      j--;
      continue;
    }
    const pair = j >= 1 && !consumed[j - 1] ? DEGREE_WORDS.get(`${tokens[j - 1].norm} ${t.norm}`) : undefined;
    if (pair !== undefined) {
      degree += pair * decay;
      j -= 2;
      continue;
    }
    const word = t.alt !== undefined && !DEGREE_WORDS.has(t.norm) ? t.alt : t.norm; // "sooo" -> "so"
    if (NEGATORS.has(word) && (word !== "no" || step < RULES.noScope)) negated = true;
    else {
      const d = DEGREE_WORDS.get(word) ?? 0;
      // An elongated intensifier ("sooo") intensifies a little more.
      degree += (d + (d > 0 && t.elongated ? RULES.elongationBoost : 0)) * decay;
    }
    j--;
  }
  return { negated, degree };
}

function negatedEmotions(entry: LexiconEntry): EmotionWeights {
  if (entry.negated) return entry.negated;
  const out: EmotionWeights = {};
  for (const [emotion, weight] of Object.entries(entry.emotions) as [keyof typeof NEGATED_EMOTION, number][]) {
    for (const [target, share] of Object.entries(NEGATED_EMOTION[emotion]) as [keyof typeof NEGATED_EMOTION, number][]) {
      out[target] = (out[target] ?? 0) + weight * share;
    }
  }
  return out;
}

function addCue(acc: Accumulator, entry: LexiconEntry, weight: number, negated: boolean): void {
  const emotions = negated ? negatedEmotions(entry) : entry.emotions;
  const valence = negated ? entry.valence * RULES.negationValence : entry.valence;
  const arousal = negated ? NEUTRAL_AROUSAL + (entry.arousal - NEUTRAL_AROUSAL) * RULES.negationArousalKeep : entry.arousal;
  acc.valence += valence * weight;
  let strongest = Math.abs(valence);
  for (const [e, x] of Object.entries(emotions)) {
    acc.emotions[e] += x * weight;
    strongest = Math.max(strongest, x);
  }
  // Arousal is a mean over cues, weighted by how strongly each cue speaks.
  acc.arousalNum += arousal * strongest * weight;
  acc.arousalDen += strongest * weight;
  acc.evidence += weight;
}

export function scoreText(text: string, lex: Lexicon): ScoredText {
  return scoreTokens(tokenize(text), lex);
}

/** `scoreText` of an already tokenized text (callers that also use the tokens tokenize once). */
export function scoreTokens({ sentences, shouting }: TokenizedText, lex: Lexicon): ScoredText {
  const perSentence: Accumulator[] = [];
  const sentenceWeights: number[] = [];
  let emphasisArousal = shouting ? RULES.shoutingArousal : 0;

  sentences.forEach((s, k) => {
    const acc = newAccumulator();
    const { tokens } = s;
    const contrastAt = tokens.findIndex((t) => t.kind === "word" && CONTRAST_WORDS.has(t.norm));
    const exclamations = Math.min(s.exclamations, RULES.exclamationCap);
    const emphasis = (1 + RULES.exclamationBoost * exclamations) * (shouting ? 1 + RULES.shoutingBoost : 1);
    emphasisArousal += RULES.exclamationArousal * exclamations;
    const consumed = new Uint8Array(tokens.length);

    for (let i = 0; i < tokens.length; ) {
      const match = matchAt(tokens, i, lex);
      if (!match) {
        i++;
        continue;
      }
      const { negated, degree } = modifiersBefore(tokens, i, consumed);
      const span = tokens.slice(i, i + match.length);
      consumed.fill(1, i, i + match.length);
      let m = Math.max(RULES.minMultiplier, 1 + degree);
      if (!shouting && span.some((t) => t.allCaps)) {
        m *= 1 + RULES.capsBoost;
        emphasisArousal += RULES.capsArousal;
      }
      if (span.some((t) => t.elongated)) m *= 1 + RULES.elongationBoost;
      // Clause weighting around "but" inside the sentence (a sentence that
      // starts with "but" is handled at sentence level below).
      const clause = contrastAt <= 0 ? 1 : i < contrastAt ? RULES.contrastBefore : RULES.contrastAfter;
      addCue(acc, match.entry, m * clause * emphasis, negated);
      i += match.length;
    }
    if (s.questions >= 2) addCue(acc, RULES.doubleQuestion, 1, false);
    if (s.interrobang) addCue(acc, RULES.interrobang, 1, false);

    perSentence.push(acc);
    sentenceWeights.push(1);
    if (contrastAt === 0 && k > 0) {
      sentenceWeights[k - 1] *= RULES.contrastBefore;
      sentenceWeights[k] = RULES.contrastAfter;
    }
  });

  const total = newAccumulator();
  perSentence.forEach((acc, k) => {
    const w = sentenceWeights[k];
    total.valence += acc.valence * w;
    total.arousalNum += acc.arousalNum * w;
    total.arousalDen += acc.arousalDen * w;
    total.evidence += acc.evidence * w;
    for (const e of EMOTIONS) total.emotions[e] += acc.emotions[e] * w;
  });

  const emotions = zeroScores();
  for (const e of EMOTIONS) emotions[e] = 1 - Math.exp(-RULES.emotionGain * total.emotions[e]);
  const valence = total.valence / Math.sqrt(total.valence ** 2 + RULES.valenceAlpha);
  const confidence = total.arousalDen / (total.arousalDen + RULES.arousalEvidenceHalf);
  const lexArousal = total.arousalDen > 0 ? total.arousalNum / total.arousalDen : NEUTRAL_AROUSAL;
  const arousal =
    NEUTRAL_AROUSAL * (1 - confidence) + lexArousal * confidence + Math.min(emphasisArousal, RULES.maxEmphasisArousal);

  return {
    vector: { valence: clamp(valence, -1, 1), arousal: clamp(arousal, 0, 1), emotions },
    evidence: total.evidence,
  };
}
