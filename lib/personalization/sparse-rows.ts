// Content vectors as sparse rows, for serving: most of a row's 256 entries are zero (hashed labels, a short title), so
// a dot product over a row's nonzero entries does a tenth of the work. The sums are the dense ones term for term: the
// nonzero terms are added in the same (column) order, and an omitted term is a product with 0, adding ±0 to a sum
// that starts at +0, which changes nothing.

/** Rows in compressed sparse row form: row r's entries are cols/vals[start[r] .. start[r + 1]), columns ascending. */
export interface SparseRows {
  dimension: number;
  start: Int32Array;
  cols: Int32Array;
  /** The stored float32 values, widened once (as the dense products widen them). */
  vals: Float64Array;
}

export function sparseRows(vectors: Float32Array, dimension: number): SparseRows {
  const rows = dimension > 0 ? vectors.length / dimension : 0;
  let nonzero = 0;
  for (const x of vectors) if (x !== 0) nonzero++;
  const start = new Int32Array(rows + 1);
  const cols = new Int32Array(nonzero);
  const vals = new Float64Array(nonzero);
  let j = 0;
  for (let r = 0; r < rows; r++) {
    start[r] = j;
    const o = r * dimension;
    for (let k = 0; k < dimension; k++) {
      const x = vectors[o + k];
      if (x !== 0) {
        cols[j] = k;
        vals[j++] = x;
      }
    }
  }
  start[rows] = j;
  return { dimension, start, cols, vals };
}

/** Row r · `dense` (the dense sum Σ_k v[r][k]·dense[k], term for term). */
export function sparseDot(rows: SparseRows, r: number, dense: Float64Array | Float32Array): number {
  const { cols, vals } = rows;
  let s = 0;
  for (let j = rows.start[r], end = rows.start[r + 1]; j < end; j++) s += vals[j] * dense[cols[j]];
  return s;
}

/** Every row · `dense`, as `scoreAll` computes it over the dense rows. */
export function sparseScoreAll(rows: SparseRows, dense: Float64Array | Float32Array, out = new Float64Array(rows.start.length - 1)): Float64Array {
  for (let r = 0; r < out.length; r++) out[r] = sparseDot(rows, r, dense);
  return out;
}

/**
 * Dot products of rows with the rows picked so far, as MMR asks for them (a candidate against a pick): each pick's
 * row is spread into a dense vector once, a candidate then costs its own nonzero entries. The sum is row a's terms
 * in column order, row b's zeros adding ±0, so sim(a, b) is the dense dot product and equals sim(b, a).
 */
export function rowSimilarity(rows: SparseRows): (a: number, b: number) => number {
  const spread = new Map<number, Float64Array>();
  return (a, b) => {
    let dense = spread.get(b);
    if (!dense) {
      dense = new Float64Array(rows.dimension);
      for (let j = rows.start[b]; j < rows.start[b + 1]; j++) dense[rows.cols[j]] = rows.vals[j];
      spread.set(b, dense);
    }
    return sparseDot(rows, a, dense);
  };
}

/**
 * `userContentVector` (./content.ts) over sparse rows: the weighted sum of the rows, normalised; null when nothing
 * points anywhere. Only nonzero entries are added: the dense sum adds ±0 for the others, which leaves every entry as
 * it was (an entry starts at +0 and a sum of nonzero terms is never −0), so the vector is the same bit for bit.
 */
export function sparseUserVector(rows: SparseRows, weightedItems: Iterable<[number, number]>): Float64Array | null {
  const v = new Float64Array(rows.dimension);
  const { start, cols, vals } = rows;
  let any = false;
  for (const [r, weight] of weightedItems) {
    if (r < 0 || weight === 0) continue;
    any = true;
    for (let j = start[r], end = start[r + 1]; j < end; j++) v[cols[j]] += weight * vals[j];
  }
  if (!any) return null;
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) return null;
  const s = 1 / Math.sqrt(norm);
  for (let k = 0; k < v.length; k++) v[k] *= s;
  return v;
}
