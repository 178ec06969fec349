/**
 * Text embeddings for drift detection.
 *
 * `EmbeddingProvider` is the plug point (an OpenAI/Cohere/local-model
 * provider can implement it). The default, `hashedNgramEmbedder`, is a
 * deterministic offline embedding: the hashing trick over word unigrams and
 * bigrams plus character 3- and 4-grams of each word (fastText-style, so
 * typos and inflections still overlap), with signed hashes to make collisions
 * cancel rather than pile up, sublinear term frequency, and L2 normalisation.
 * It captures vocabulary and surface form, not meaning — good enough to see
 * that prompts switched topic or language, not that they were paraphrased.
 */
import { fnv1a32 } from "@/lib/primitives/fnv1a";

export interface EmbeddingProvider {
  readonly name: string;
  readonly dimension: number;
  embed(texts: readonly string[]): number[][] | Promise<number[][]>;
}

export interface HashedEmbedderOptions {
  dimension?: number;
  charNgrams?: readonly number[];
  wordNgrams?: readonly number[];
}


export function tokenize(text: string): string[] {
  return text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function hashedNgramEmbedder(opts: HashedEmbedderOptions = {}): EmbeddingProvider & { embedSync(texts: readonly string[]): number[][] } {
  const dimension = opts.dimension ?? 256;
  const charNgrams = opts.charNgrams ?? [3, 4];
  const wordNgrams = opts.wordNgrams ?? [1, 2];
  const embedOne = (text: string): number[] => {
    const counts = new Map<string, number>();
    const add = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const words = tokenize(text);
    for (const n of wordNgrams) for (let i = 0; i + n <= words.length; i++) add(`w${n}:${words.slice(i, i + n).join(" ")}`);
    for (const w of words) {
      const padded = `<${w}>`;
      for (const n of charNgrams) for (let i = 0; i + n <= padded.length; i++) add(`c:${padded.slice(i, i + n)}`);
    }
    const v = new Array<number>(dimension).fill(0);
    for (const [feature, count] of counts) {
      const h = fnv1a32(feature);
      const sign = fnv1a32(feature, { seed: 0x9747b28c }) & 1 ? 1 : -1; // independent hash for the sign
      v[h % dimension] += sign * (1 + Math.log(count));
    }
    const norm = Math.hypot(...v);
    return norm > 0 ? v.map((x) => x / norm) : v;
  };
  const embedSync = (texts: readonly string[]) => texts.map(embedOne);
  return { name: `hashed-ngram-${dimension}`, dimension, embed: embedSync, embedSync };
}

/** Embed with any provider (sync or async). */
export async function embedTexts(texts: readonly string[], provider: EmbeddingProvider = hashedNgramEmbedder()): Promise<number[][]> {
  return provider.embed(texts);
}
