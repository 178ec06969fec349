// Area under the ROC curve as the Mann-Whitney U statistic: the probability that a random positive scores above a
// random negative, ties counting one half (mid-ranks), so a constant score gets exactly 0.5.

/** AUC of `scores` for labels `y` (1 positive); null when either class is empty (it is undefined then). */
export function auc(scores: number[], y: number[]): number | null {
  const order = scores.map((s, i) => [s, y[i]] as const).sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j][0] === order[i][0]) j++;
    const midRank = (i + 1 + j) / 2; // ranks i+1 .. j share their mean
    for (let k = i; k < j; k++) {
      if (order[k][1] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface CalibrationBin {
  /** Predicted-risk range [from, to). */
  from: number;
  to: number;
  users: number;
  /** Mean predicted risk of the bin's users, and the share of them who did churn. */
  predicted: number;
  observed: number;
}

/** Equal-width bins of predicted risk with the observed churn rate in each; empty bins are left out. */
export function calibrationBins(risks: number[], y: number[], bins = 10): CalibrationBin[] {
  const acc = Array.from({ length: bins }, () => ({ users: 0, predicted: 0, observed: 0 }));
  risks.forEach((r, i) => {
    const b = acc[Math.min(bins - 1, Math.max(0, Math.floor(r * bins)))];
    b.users++;
    b.predicted += r;
    b.observed += y[i];
  });
  return acc.flatMap((b, k) => (b.users ? [{ from: k / bins, to: (k + 1) / bins, users: b.users, predicted: b.predicted / b.users, observed: b.observed / b.users }] : []));
}
