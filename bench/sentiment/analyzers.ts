// The analyzers compared on GoEmotions test: each maps a text to negative / neutral / positive the way its authors
// document (VADER: compound ≥ 0.05 positive, ≤ -0.05 negative; AFINN and wink-nlp: sign of the score; Spectrum's
// lexicon: valence beyond ±0.05, as lib/spectrum uses it; Prism's model: its own label).
import Sentiment from "sentiment";
import vader from "vader-sentiment";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { lexiconAnalyzer } from "@/lib/spectrum/lexicon-analyzer";
import { localSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import type { PolarityLabel } from "@/lib/sentiment/types";

export interface BenchAnalyzer {
  name: string;
  label(text: string): PolarityLabel;
}

/** A continuous polarity score per analyzer (for rank correlations): the score its label is the sign of. */
export interface BenchScorer {
  name: string;
  score(text: string): number;
}

const bySign = (x: number, dead = 0): PolarityLabel => (x > dead ? "positive" : x < -dead ? "negative" : "neutral");

export function benchAnalyzers(): BenchAnalyzer[] {
  const afinn = new Sentiment();
  const nlp = winkNLP(model);
  const its = nlp.its;
  const local = localSentimentAnalyzer();
  return [
    { name: `Prism model (${local.version})`, label: (t) => local.analyzeOne(t).label },
    { name: "Prism lexicon (lexicon-v1)", label: (t) => bySign(lexiconAnalyzer().analyzeSync([t])[0].valence, 0.05) },
    { name: "VADER (vader-sentiment)", label: (t) => bySign(vader.SentimentIntensityAnalyzer.polarity_scores(t).compound, 0.05 - 1e-12) },
    { name: "AFINN (sentiment)", label: (t) => bySign(afinn.analyze(t).score) },
    { name: "wink-nlp", label: (t) => bySign(nlp.readDoc(t).out(its.sentiment) as unknown as number) },
  ];
}

export function benchScorers(): BenchScorer[] {
  const afinn = new Sentiment();
  const nlp = winkNLP(model);
  const its = nlp.its;
  const local = localSentimentAnalyzer();
  return [
    { name: `Prism model (${local.version})`, score: (t) => local.analyzeOne(t).polarity },
    { name: "Prism lexicon (lexicon-v1)", score: (t) => lexiconAnalyzer().analyzeSync([t])[0].valence },
    { name: "VADER (vader-sentiment)", score: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound },
    { name: "AFINN (sentiment)", score: (t) => afinn.analyze(t).comparative },
    { name: "wink-nlp", score: (t) => nlp.readDoc(t).out(its.sentiment) as unknown as number },
  ];
}
