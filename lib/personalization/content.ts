// The content model: a vector per catalog item from what the catalog says about it (title and text, tags,
// categories, creator, kind, attributes), and a vector per user from the items they reacted to. It needs no
// interactions with an item, so it serves items nobody has touched yet and users with little history.
//
// Version `content-v1`, dimension 256 (stable: vectors of a stored model version are compared only with vectors of
// the same version), in three blocks, each L2-normalised and then weighted:
//   - 64: title + text through the local hashed n-gram embedder (lib/monitoring/drift/embedding.ts, the one the
//     topics and drift features use): word uni/bigrams and character 3/4-grams, signed hashing;
//   - 184: the labels `tag:`, `category:`, `creator:`, `kind:` and `name=value` of string attributes, each weighted by
//     its inverse document frequency over the catalog (a label every item has says nothing), signed hashing;
//   - 8: numeric attributes as z-scores over the catalog (clipped to ±3), signed hashing by name.
import { hashedNgramEmbedder } from "@/lib/monitoring/drift/embedding";
import { fnv1a32 } from "@/lib/primitives/fnv1a";

export const CONTENT_EMBEDDER = { version: "content-v1", dimension: 256 } as const;
const TEXT_DIM = 64;
const LABEL_DIM = 184;
const NUMERIC_DIM = 8;
/** Block weights (of the squared norm): labels say most about taste in a catalog, text next, numbers a little. */
const WEIGHTS = { text: 0.35, labels: 0.55, numeric: 0.1 };

export interface CatalogItem {
  itemId: string;
  kind?: string | null;
  title?: string | null;
  tags?: readonly string[];
  categories?: readonly string[];
  creator?: string | null;
  attributes?: Readonly<Record<string, number | string>>;
  text?: string | null;
}

export interface ContentVectors {
  itemIds: string[];
  dimension: number;
  /** items × dimension, row-major, each row of norm 1 (or all zero for an item with nothing to say). */
  vectors: Float32Array;
}

function labelsOf(item: CatalogItem): string[] {
  const out = new Set<string>();
  for (const t of item.tags ?? []) out.add(`tag:${t.toLowerCase()}`);
  for (const c of item.categories ?? []) out.add(`category:${c.toLowerCase()}`);
  if (item.creator) out.add(`creator:${item.creator.toLowerCase()}`);
  if (item.kind) out.add(`kind:${item.kind.toLowerCase()}`);
  for (const [name, value] of Object.entries(item.attributes ?? {})) if (typeof value === "string") out.add(`${name}=${value.toLowerCase()}`);
  return [...out];
}

const slot = (feature: string, size: number) => fnv1a32(feature) % size;
const sign = (feature: string) => (fnv1a32(feature, { seed: 0x9747b28c }) & 1 ? 1 : -1);

function normalizeInto(out: Float32Array, offset: number, block: Float64Array, weight: number) {
  let norm = 0;
  for (const x of block) norm += x * x;
  if (norm === 0) return;
  const scale = Math.sqrt(weight / norm);
  for (let k = 0; k < block.length; k++) out[offset + k] = block[k] * scale;
}

/** Vectors for every catalog item (the IDF and attribute statistics come from this catalog). */
export function embedCatalog(items: readonly CatalogItem[]): ContentVectors {
  const d = CONTENT_EMBEDDER.dimension;
  const n = items.length;
  const labels = items.map(labelsOf);
  const df = new Map<string, number>();
  for (const list of labels) for (const l of list) df.set(l, (df.get(l) ?? 0) + 1);
  const numeric = new Map<string, { sum: number; sq: number; count: number }>();
  for (const item of items) {
    for (const [name, value] of Object.entries(item.attributes ?? {})) {
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      const s = numeric.get(name) ?? { sum: 0, sq: 0, count: 0 };
      s.sum += value;
      s.sq += value * value;
      s.count++;
      numeric.set(name, s);
    }
  }
  const embedder = hashedNgramEmbedder({ dimension: TEXT_DIM });
  const texts = embedder.embedSync(items.map((i) => [i.title ?? "", i.text ?? ""].join("\n").trim()));
  const vectors = new Float32Array(n * d);
  const textBlock = new Float64Array(TEXT_DIM);
  const labelBlock = new Float64Array(LABEL_DIM);
  const numericBlock = new Float64Array(NUMERIC_DIM);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    textBlock.set(texts[i]);
    labelBlock.fill(0);
    for (const l of labels[i]) {
      const idf = Math.log((1 + n) / (1 + df.get(l)!));
      labelBlock[slot(l, LABEL_DIM)] += sign(l) * idf;
    }
    numericBlock.fill(0);
    for (const [name, value] of Object.entries(items[i].attributes ?? {})) {
      const s = numeric.get(name);
      if (typeof value !== "number" || !s || s.count < 2) continue;
      const mean = s.sum / s.count;
      const sd = Math.sqrt(Math.max(0, s.sq / s.count - mean * mean));
      if (sd === 0) continue;
      const z = Math.max(-3, Math.min(3, (value - mean) / sd));
      numericBlock[slot(`n:${name}`, NUMERIC_DIM)] += (sign(`n:${name}`) * z) / 3;
    }
    normalizeInto(vectors, o, textBlock, WEIGHTS.text);
    normalizeInto(vectors, o + TEXT_DIM, labelBlock, WEIGHTS.labels);
    normalizeInto(vectors, o + TEXT_DIM + LABEL_DIM, numericBlock, WEIGHTS.numeric);
    // Rows are renormalised to 1 whatever blocks an item has, so cosine is a dot product.
    let norm = 0;
    for (let k = 0; k < d; k++) norm += vectors[o + k] ** 2;
    if (norm > 0) for (let k = 0; k < d; k++) vectors[o + k] /= Math.sqrt(norm);
  }
  return { itemIds: items.map((i) => i.itemId), dimension: d, vectors };
}

/**
 * A user's taste vector: the sum of the vectors of items they reacted to, each weighted by the net weight of their
 * interactions with it (negative reactions pull away), normalised; null when nothing they did points anywhere.
 */
export function userContentVector(content: Pick<ContentVectors, "dimension" | "vectors">, weightedItems: Iterable<[number, number]>): Float64Array | null {
  const d = content.dimension;
  const v = new Float64Array(d);
  let any = false;
  for (const [index, weight] of weightedItems) {
    if (index < 0 || weight === 0) continue;
    any = true;
    const o = index * d;
    for (let k = 0; k < d; k++) v[k] += weight * content.vectors[o + k];
  }
  if (!any) return null;
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) return null;
  const s = 1 / Math.sqrt(norm);
  for (let k = 0; k < d; k++) v[k] *= s;
  return v;
}

/** Cosine similarity of two stored items (rows are unit length or zero). */
export function itemSimilarity(content: Pick<ContentVectors, "dimension" | "vectors">, a: number, b: number): number {
  const d = content.dimension;
  let s = 0;
  for (let k = 0; k < d; k++) s += content.vectors[a * d + k] * content.vectors[b * d + k];
  return s;
}
