// How far to trust a judge: its scores against human scores on the same items, as pass/fail at a threshold
// (agreement, Cohen's kappa, confusion matrix) plus the mean absolute difference of the raw scores, and the judge as a
// detector of bad outputs against the human (adjudicated) verdicts: precision and recall of its "fail".
export interface Calibration {
  n: number;
  threshold: number;
  agreement: number | null;
  /** Cohen's kappa: agreement beyond chance; null when undefined (no items, or both raters constant and equal). */
  kappa: number | null;
  /** Rows: the judge's verdict; columns: the human's. */
  confusion: { judgePassHumanPass: number; judgePassHumanFail: number; judgeFailHumanPass: number; judgeFailHumanFail: number };
  meanAbsoluteDifference: number | null;
  /** Of the items the judge failed, the share humans failed too; null when the judge failed none. */
  failPrecision: number | null;
  /** Of the items humans failed, the share the judge failed too; null when humans failed none. */
  failRecall: number | null;
}

export function calibrate(pairs: [judge: number, human: number][], threshold = 0.5): Calibration {
  const c = { judgePassHumanPass: 0, judgePassHumanFail: 0, judgeFailHumanPass: 0, judgeFailHumanFail: 0 };
  for (const [j, h] of pairs) {
    const jp = j >= threshold;
    const hp = h >= threshold;
    if (jp && hp) c.judgePassHumanPass++;
    else if (jp) c.judgePassHumanFail++;
    else if (hp) c.judgeFailHumanPass++;
    else c.judgeFailHumanFail++;
  }
  const n = pairs.length;
  const share = (k: number, of: number) => (of === 0 ? null : k / of);
  const failPrecision = share(c.judgeFailHumanFail, c.judgeFailHumanFail + c.judgeFailHumanPass);
  const failRecall = share(c.judgeFailHumanFail, c.judgeFailHumanFail + c.judgePassHumanFail);
  if (n === 0) return { n, threshold, agreement: null, kappa: null, confusion: c, meanAbsoluteDifference: null, failPrecision, failRecall };
  const observed = (c.judgePassHumanPass + c.judgeFailHumanFail) / n;
  const judgePass = (c.judgePassHumanPass + c.judgePassHumanFail) / n;
  const humanPass = (c.judgePassHumanPass + c.judgeFailHumanPass) / n;
  const chance = judgePass * humanPass + (1 - judgePass) * (1 - humanPass);
  return {
    n,
    threshold,
    agreement: observed,
    kappa: chance === 1 ? null : (observed - chance) / (1 - chance),
    confusion: c,
    meanAbsoluteDifference: pairs.reduce((s, [j, h]) => s + Math.abs(j - h), 0) / n,
    failPrecision,
    failRecall,
  };
}
