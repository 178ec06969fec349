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
 * Dot products of rows with one row at a time, as MMR asks for them (every candidate against the item just picked):
 * the picked row is spread into a dense scratch once, each candidate then costs its own nonzero entries.
 */
export function rowSimilarity(rows: SparseRows): (a: number, b: number) => number {
  const dense = new Float64Array(rows.dimension);
  let spread = -1;
  return (a, b) => {
    if (b !== spread) {
      if (spread >= 0) for (let j = rows.start[spread]; j < rows.start[spread + 1]; j++) dense[rows.cols[j]] = 0;
      for (let j = rows.start[b]; j < rows.start[b + 1]; j++) dense[rows.cols[j]] = rows.vals[j];
      spread = b;
    }
    return sparseDot(rows, a, dense);
  };
}
