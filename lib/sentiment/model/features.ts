// Sparse features of one text for the polarity/emotion model: unigrams and bigrams of the Spectrum tokenizer's
// normalised tokens with negation scope marked (the tokens after a negator, up to clause punctuation, get a "¬"
// prefix, so "not good" and "good" are different features), emphasis cues, and the readings of Spectrum's lexicon
// analyzer (its valence and emotions become real-valued features, so the model keeps the hand-written knowledge and
// learns how much to trust it). Pure: the training script and the runtime share this one function.
import { lexiconAnalyzer } from "@/lib/spectrum/lexicon-analyzer";
import { tokenize, type Sentence } from "@/lib/spectrum/text/tokenize";
import { EMOTIONS } from "@/lib/spectrum/types";

export type Features = Map<string, number>;

const NEGATORS = new Set([
  "not", "no", "never", "cannot", "nothing", "nobody", "none", "neither", "nor", "without", "hardly", "barely",
  "dont", "cant", "wont", "isnt", "doesnt", "didnt", "wasnt", "arent", "couldnt", "shouldnt", "wouldnt", "aint",
]);
const CONTRAST = new Set(["but", "however", "although", "though", "yet"]);

function isNegator(norm: string): boolean {
  return NEGATORS.has(norm) || norm.endsWith("n't");
}

function add(f: Features, key: string, value = 1) {
  f.set(key, (f.get(key) ?? 0) + value);
}

function sentenceTerms(s: Sentence): string[] {
  const terms: string[] = [];
  let negated = false;
  for (const t of s.tokens) {
    if (t.kind === "punct") {
      negated = false;
      if (t.norm.includes("?")) terms.push("?");
      else if (t.norm.includes("!")) terms.push("!");
      continue;
    }
    if (t.kind === "word" && CONTRAST.has(t.norm)) negated = false;
    terms.push(negated ? `¬${t.norm}` : t.norm);
    if (t.kind === "word" && isNegator(t.norm)) negated = true;
  }
  return terms;
}

/** Placeholders left by anonymisation or masking ("[NAME]", "<EMAIL>") carry no feeling. */
const PLACEHOLDER_RE = /\[[A-Z_]+\]|<[A-Z_]+>/g;

export function textFeatures(text: string): Features {
  const f: Features = new Map();
  const clean = text.replace(PLACEHOLDER_RE, " ");
  const tokens = tokenize(clean);
  for (const s of tokens.sentences) {
    const terms = sentenceTerms(s);
    for (let i = 0; i < terms.length; i++) {
      f.set(`u:${terms[i]}`, 1);
      if (i > 0) f.set(`b:${terms[i - 1]} ${terms[i]}`, 1);
    }
    if (s.interrobang) f.set("cue:?!", 1);
  }
  if (tokens.shouting) f.set("cue:shouting", 1);
  if (tokens.wordCount === 0) f.set("cue:empty", 1);
  const { vector, evidence } = lexiconAnalyzer().analyzeTokens(tokens);
  if (evidence > 0) {
    add(f, "lex:valence", vector.valence);
    add(f, vector.valence >= 0 ? "lex:pos" : "lex:neg", Math.abs(vector.valence));
    for (const e of EMOTIONS) if (vector.emotions[e] > 0) add(f, `lex:${e}`, vector.emotions[e]);
  } else {
    f.set("lex:none", 1);
  }
  return f;
}
