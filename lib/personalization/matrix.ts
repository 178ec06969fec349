// The user × item feedback matrix the collaborative models learn from, in compressed sparse rows: one row per user,
// weights of repeated interactions summed, and each cell turned into a signed confidence (Hu, Koren & Volinsky 2008):
// c = 1 + alpha·w for a net positive weight (preference 1), −(1 + alpha·|w|) for a net negative one (preference 0,
// held with that confidence; the sign is the flag, as in the `implicit` library), no cell at all for a net zero.

export interface InteractionMatrix {
  rows: number;
  cols: number;
  /** Row r's cells are indptr[r] .. indptr[r + 1] − 1. */
  indptr: Int32Array;
  /** Column of each cell, ascending within a row. */
  indices: Int32Array;
  /** Signed confidence of each cell (see above). */
  confidence: Float64Array;
}

/** Observations as parallel arrays: row (user), column (item) and weight of each interaction. */
export interface Observations {
  rows: Int32Array;
  cols: Int32Array;
  weights: Float64Array;
}

/** Builds the matrix; `alpha` scales weights into confidence. Rows of a user are counting-sorted, then by column. */
export function buildMatrix(shape: { rows: number; cols: number }, obs: Observations, alpha: number): InteractionMatrix {
  const n = obs.rows.length;
  const counts = new Int32Array(shape.rows + 1);
  for (let k = 0; k < n; k++) counts[obs.rows[k] + 1]++;
  for (let r = 0; r < shape.rows; r++) counts[r + 1] += counts[r];
  const cursor = counts.slice(0, shape.rows);
  const cols = new Int32Array(n);
  const weights = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const at = cursor[obs.rows[k]]++;
    cols[at] = obs.cols[k];
    weights[at] = obs.weights[k];
  }
  const indptr = new Int32Array(shape.rows + 1);
  const indices: number[] = [];
  const confidence: number[] = [];
  const order: number[] = [];
  for (let r = 0; r < shape.rows; r++) {
    order.length = 0;
    for (let k = counts[r]; k < counts[r + 1]; k++) order.push(k);
    order.sort((a, b) => cols[a] - cols[b]);
    for (let j = 0; j < order.length; ) {
      const col = cols[order[j]];
      let w = 0;
      for (; j < order.length && cols[order[j]] === col; j++) w += weights[order[j]];
      if (w > 0) confidence.push(1 + alpha * w);
      else if (w < 0) confidence.push(-(1 + alpha * -w));
      else continue;
      indices.push(col);
    }
    indptr[r + 1] = indices.length;
  }
  return { rows: shape.rows, cols: shape.cols, indptr, indices: Int32Array.from(indices), confidence: Float64Array.from(confidence) };
}

/** The same cells by column (items × users), for the item half of each alternating step. */
export function transpose(m: InteractionMatrix): InteractionMatrix {
  const nnz = m.indices.length;
  const indptr = new Int32Array(m.cols + 1);
  for (let k = 0; k < nnz; k++) indptr[m.indices[k] + 1]++;
  for (let c = 0; c < m.cols; c++) indptr[c + 1] += indptr[c];
  const cursor = indptr.slice(0, m.cols);
  const indices = new Int32Array(nnz);
  const confidence = new Float64Array(nnz);
  for (let r = 0; r < m.rows; r++) {
    for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) {
      const at = cursor[m.indices[k]]++;
      indices[at] = r;
      confidence[at] = m.confidence[k];
    }
  }
  return { rows: m.cols, cols: m.rows, indptr, indices, confidence };
}
