// The override ratio of a queue: of the reviewed items that also carry a judge's score of the same name, the share
// where the reviewer disagreed with the judge. Scores are compared as verdicts: pass/fail at the middle of the
// scale for numeric and boolean scores, the label for categorical ones. Agreement and Cohen's kappa per score come
// from the judge calibration code (lib/evaluation/calibration.ts).
import { calibrate, type Calibration } from "../calibration";
import type { ScoreConfig } from "./queue-input";

export interface StoredScore {
  value: number | null;
  stringValue: string | null;
}

/** A score on [0, 1]: a numeric config's range maps onto it; judge scores already on [0, 1] are kept as they are. */
function unit(config: ScoreConfig, value: number, isJudge: boolean): number {
  if (config.type !== "numeric") return value;
  if (isJudge && value >= 0 && value <= 1) return value;
  return (value - config.min) / (config.max - config.min);
}

/** Human and judge verdicts for one score config, or null when the judge's score cannot be compared. */
export function verdicts(config: ScoreConfig, human: StoredScore, judge: StoredScore): { human: number; judge: number } | { humanLabel: string; judgeLabel: string } | null {
  if (config.type === "categorical") {
    if (human.stringValue === null || judge.stringValue === null) return null;
    return { humanLabel: human.stringValue, judgeLabel: judge.stringValue };
  }
  if (human.value === null || judge.value === null) return null;
  return { human: unit(config, human.value, false), judge: unit(config, judge.value, true) };
}

export interface ReviewedItemScores {
  itemId: string;
  /** Per score name: the reviewer's score and the judge's (absent when no judge scored that name). */
  scores: { config: ScoreConfig; human: StoredScore; judge: StoredScore | null }[];
}

export interface OverrideRatio {
  /** Reviewed items with at least one comparable judge score. */
  comparedItems: number;
  overriddenItems: number;
  ratio: number | null;
  perScore: (Pick<Calibration, "n" | "agreement" | "kappa"> & { name: string })[];
}

export function overrideRatio(items: ReviewedItemScores[], threshold = 0.5): OverrideRatio {
  let compared = 0;
  let overridden = 0;
  const pairs = new Map<string, [number, number][]>();
  const labels = new Map<string, { n: number; same: number }>();
  for (const item of items) {
    let any = false;
    let disagrees = false;
    for (const s of item.scores) {
      if (!s.judge) continue;
      const v = verdicts(s.config, s.human, s.judge);
      if (!v) continue;
      any = true;
      if ("humanLabel" in v) {
        const tally = labels.get(s.config.name) ?? { n: 0, same: 0 };
        tally.n++;
        if (v.humanLabel === v.judgeLabel) tally.same++;
        else disagrees = true;
        labels.set(s.config.name, tally);
      } else {
        if (v.human >= threshold !== v.judge >= threshold) disagrees = true;
        pairs.set(s.config.name, [...(pairs.get(s.config.name) ?? []), [v.judge, v.human]]);
      }
    }
    if (any) compared++;
    if (disagrees) overridden++;
  }
  const perScore = [
    ...[...pairs].map(([name, p]) => {
      const c = calibrate(p, threshold);
      return { name, n: c.n, agreement: c.agreement, kappa: c.kappa };
    }),
    // Labels: plain agreement (kappa over many categories is not what calibrate computes).
    ...[...labels].map(([name, t]) => ({ name, n: t.n, agreement: t.same / t.n, kappa: null })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  return { comparedItems: compared, overriddenItems: overridden, ratio: compared === 0 ? null : overridden / compared, perScore };
}
