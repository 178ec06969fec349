// Sparse features of one text for the polarity/emotion model: unigrams and bigrams of the Spectrum tokenizer's
// normalised tokens with negation scope marked (the tokens after a negator, up to clause punctuation, get a "¬"
// prefix, so "not good" and "good" are different features), emphasis cues, the readings of Spectrum's lexicon
// analyzer (its valence and emotions become real-valued features, so the model keeps the hand-written knowledge and
// learns how much to trust it), and the summed valence of the words found in VADER's lexicon (7,269 rated words,
// slang and emoticons: prior knowledge of words too rare in the training corpus to get a weight of their own).
// Pure: the training script and the runtime share this one function.
import { lexiconAnalyzer } from "@/lib/spectrum/lexicon-analyzer";
import { tokenize, type Sentence } from "@/lib/spectrum/text/tokenize";
import { EMOTIONS } from "@/lib/spectrum/types";
import vaderBoosters from "./vader-boosters.json";
import vaderLexicon from "./vader-lexicon.json";

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

const VADER: ReadonlyMap<string, number> = new Map(Object.entries(vaderLexicon as Record<string, number>));
/** VADER's damping of a negated word's valence (its N_SCALAR). */
const NEGATED_SCALE = -0.74;

/** Valence sums of the lexicon words among the terms (each distinct term once; a negated term flipped and damped). */
function addVaderReadings(f: Features, terms: ReadonlySet<string>) {
  let pos = 0, neg = 0, found = 0;
  for (const term of terms) {
    const negated = term.startsWith("¬");
    const v = VADER.get(negated ? term.slice(1) : term);
    if (v === undefined) continue;
    found++;
    const s = negated ? v * NEGATED_SCALE : v;
    if (s > 0) pos += s;
    else neg -= s;
  }
  if (found === 0) {
    f.set("vl:none", 1);
    return;
  }
  f.set("vl:pos", Math.tanh(pos / 4));
  f.set("vl:neg", Math.tanh(neg / 4));
  f.set("vl:sum", Math.tanh((pos - neg) / 4));
}

const BOOSTERS: ReadonlyMap<string, number> = new Map(Object.entries(vaderBoosters as Record<string, number>));
/** Words after which VADER weighs the rest of the sentence more ("nice fabric, but it runs small"). */
const CONTRAST_SHIFT = new Set(["but", "however"]);
/** VADER's weights of the words before and after the sentence's last "but". */
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;

/**
 * VADER's word-order rules over the lexicon's valences, in each sentence: a booster before a rated word moves it
 * away from zero ("very good", "extremely bad"; "slightly" towards it), a negated word is flipped and damped, and the
 * words before the last "but"/"however" weigh 0.5, those after it 1.5. Unlike the bag of words, this knows which
 * clause ends the sentence: "the fabric is lovely but it runs small" reads negative.
 */
function addContrastReadings(f: Features, sentences: readonly string[][]) {
  let pos = 0, neg = 0, after = 0, found = 0, contrasts = 0;
  for (const terms of sentences) {
    let last = -1;
    terms.forEach((t, i) => {
      if (CONTRAST_SHIFT.has(t)) last = i;
    });
    if (last >= 0) contrasts++;
    for (let i = 0; i < terms.length; i++) {
      const negated = terms[i].startsWith("¬");
      const v = VADER.get(negated ? terms[i].slice(1) : terms[i]);
      if (v === undefined) continue;
      found++;
      let s = v;
      const prev = i > 0 ? terms[i - 1].replace(/^¬/, "") : "";
      const boost = BOOSTERS.get(prev);
      if (boost !== undefined) s += Math.sign(v) * boost;
      if (negated) s *= NEGATED_SCALE;
      if (last >= 0) {
        s *= i > last ? AFTER_CONTRAST : BEFORE_CONTRAST;
        if (i > last) after += s;
      }
      if (s > 0) pos += s;
      else neg -= s;
    }
  }
  if (found === 0) return;
  f.set("vc:pos", Math.tanh(pos / 4));
  f.set("vc:neg", Math.tanh(neg / 4));
  f.set("vc:sum", Math.tanh((pos - neg) / 4));
  if (contrasts > 0) f.set("vc:after", Math.tanh(after / 4));
}

/** Placeholders left by anonymisation or masking ("[NAME]", "<EMAIL>") carry no feeling. */
const PLACEHOLDER_RE = /\[[A-Z_]+\]|<[A-Z_]+>/g;

export function textFeatures(text: string): Features {
  const f: Features = new Map();
  const clean = text.replace(PLACEHOLDER_RE, " ");
  const tokens = tokenize(clean);
  const seen = new Set<string>();
  const sentences: string[][] = [];
  for (const s of tokens.sentences) {
    const terms = sentenceTerms(s);
    sentences.push(terms);
    for (let i = 0; i < terms.length; i++) {
      f.set(`u:${terms[i]}`, 1);
      seen.add(terms[i]);
      if (i > 0) f.set(`b:${terms[i - 1]} ${terms[i]}`, 1);
    }
    if (s.interrobang) f.set("cue:?!", 1);
  }
  if (tokens.shouting) f.set("cue:shouting", 1);
  if (tokens.wordCount === 0) f.set("cue:empty", 1);
  addVaderReadings(f, seen);
  addContrastReadings(f, sentences);
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
