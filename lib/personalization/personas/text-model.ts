/**
 * Which persona satisfies a kind of message: a multinomial naive Bayes over the user's words, the tone the emotion
 * analyzer detects and the message's length, trained on the project's rated conversations that ended satisfied
 * (each persona's class is the messages it satisfied). Laplace smoothing; posteriors by the log-sum-exp softmax.
 */

export interface TextExample {
  persona: string;
  /** Tokens of the message (see `messageTokens`). */
  tokens: string[];
}

export interface TextModel {
  personas: string[];
  examples: number;
  logPrior: Map<string, number>;
  /** log P(token | persona) per persona, and the log probability of a token the persona never saw. */
  logLikelihood: Map<string, Map<string, number>>;
  logUnseen: Map<string, number>;
}

const WORD = /[\p{L}\p{N}']+/gu;

/** Words (lowercased, 2+ characters), the detected emotions as `~emotion`, and a pace token by length. */
export function messageTokens(text: string, emotions: readonly string[] = []): string[] {
  const words = (text.toLowerCase().match(WORD) ?? []).filter((w) => w.length >= 2);
  const pace = words.length <= 6 ? "~short" : words.length <= 30 ? "~medium" : "~long";
  return [...words, ...emotions.map((e) => `~${e}`), pace];
}

export function trainTextModel(examples: readonly TextExample[]): TextModel {
  const counts = new Map<string, Map<string, number>>();
  const docs = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const e of examples) {
    docs.set(e.persona, (docs.get(e.persona) ?? 0) + 1);
    const c = counts.get(e.persona) ?? new Map<string, number>();
    for (const t of e.tokens) {
      c.set(t, (c.get(t) ?? 0) + 1);
      vocabulary.add(t);
    }
    counts.set(e.persona, c);
  }
  const personas = [...docs.keys()].sort();
  const v = vocabulary.size;
  const logPrior = new Map(personas.map((p) => [p, Math.log(docs.get(p)! / examples.length)]));
  const logLikelihood = new Map<string, Map<string, number>>();
  const logUnseen = new Map<string, number>();
  for (const p of personas) {
    const c = counts.get(p)!;
    const total = [...c.values()].reduce((a, b) => a + b, 0);
    logLikelihood.set(p, new Map([...c].map(([t, n]) => [t, Math.log((n + 1) / (total + v))])));
    logUnseen.set(p, Math.log(1 / (total + v)));
  }
  return { personas, examples: examples.length, logPrior, logLikelihood, logUnseen };
}

/** P(persona | tokens) for every persona the model knows (sums to 1); empty for an untrained model. */
export function personaPosterior(model: TextModel, tokens: readonly string[]): Map<string, number> {
  if (model.personas.length === 0) return new Map();
  const known = tokens.filter((t) => model.personas.some((p) => model.logLikelihood.get(p)!.has(t)));
  const logs = model.personas.map((p) => {
    const ll = model.logLikelihood.get(p)!;
    return known.reduce((s, t) => s + (ll.get(t) ?? model.logUnseen.get(p)!), model.logPrior.get(p)!);
  });
  const max = Math.max(...logs);
  const exps = logs.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return new Map(model.personas.map((p, i) => [p, exps[i] / sum]));
}
