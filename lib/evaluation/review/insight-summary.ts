// What blinded review of generated insights tells: reviewers scored each insight without knowing its prompt version
// or model; here the verdicts are joined back to what produced them. Every stored insight passed automatic validation,
// so an insight a reviewer fails is a manual override of the validator: the override ratio is their share. Per
// version: the pass rate with its 95% Wilson interval and the mean of each rubric score.
import { estimateShare, type ShareEstimate } from "@/lib/primitives/proportion";
import type { ReviewedScore, ScoreConfig } from "./queue-input";

export interface ReviewedInsight {
  scores: Pick<ReviewedScore, "name" | "value">[];
  /** What produced the insight, as recorded when it was reviewed. */
  context: { promptName: string; promptVersion: string; model: string } | null;
}

/** Whether a reviewer passed the insight: every numeric score at or above the middle of its range, every yes/no a yes. */
export function insightPasses(configs: ScoreConfig[], scores: ReviewedInsight["scores"]): boolean | null {
  const byName = new Map(configs.map((c) => [c.name, c]));
  let judged = false;
  for (const s of scores) {
    const c = byName.get(s.name);
    if (!c || c.type === "categorical") continue;
    judged = true;
    const unit = c.type === "numeric" ? (s.value - c.min) / (c.max - c.min) : s.value;
    if (unit < 0.5) return false;
  }
  return judged ? true : null;
}

export interface InsightVersionSummary {
  promptName: string;
  promptVersion: string;
  model: string;
  n: number;
  pass: ShareEstimate;
  /** Mean of each numeric score (on its own scale) and share of "yes" for each yes/no score. */
  means: { name: string; n: number; mean: number }[];
}

export interface InsightReviewSummary {
  reviewed: number;
  /** Reviewed insights with a pass/fail verdict (a queue of categorical scores only has none). */
  judged: number;
  overridden: number;
  /** Share of judged insights the reviewer failed although validation had accepted them; null when none is judged. */
  overrideRatio: number | null;
  byVersion: InsightVersionSummary[];
}

export function summarizeInsightReviews(configs: ScoreConfig[], reviews: ReviewedInsight[]): InsightReviewSummary {
  const groups = new Map<string, { ctx: { promptName: string; promptVersion: string; model: string }; pass: number; judged: number; n: number; sums: Map<string, { n: number; sum: number }> }>();
  let judged = 0;
  let overridden = 0;
  const scored = new Set(configs.filter((c) => c.type !== "categorical").map((c) => c.name));
  for (const r of reviews) {
    const verdict = insightPasses(configs, r.scores);
    if (verdict !== null) {
      judged++;
      if (!verdict) overridden++;
    }
    const ctx = r.context ?? { promptName: "unknown", promptVersion: "unknown", model: "unknown" };
    const key = `${ctx.promptName}\u0000${ctx.promptVersion}\u0000${ctx.model}`;
    const g = groups.get(key) ?? { ctx, pass: 0, judged: 0, n: 0, sums: new Map() };
    g.n++;
    if (verdict !== null) {
      g.judged++;
      if (verdict) g.pass++;
    }
    for (const s of r.scores) {
      if (!scored.has(s.name)) continue;
      const t = g.sums.get(s.name) ?? { n: 0, sum: 0 };
      t.n++;
      t.sum += s.value;
      g.sums.set(s.name, t);
    }
    groups.set(key, g);
  }
  const order = configs.map((c) => c.name);
  const byVersion = [...groups.values()]
    .map((g) => ({
      ...g.ctx,
      n: g.n,
      pass: estimateShare(g.pass, g.judged),
      means: [...g.sums].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([name, t]) => ({ name, n: t.n, mean: t.sum / t.n })),
    }))
    .sort((a, b) => a.promptName.localeCompare(b.promptName) || a.promptVersion.localeCompare(b.promptVersion, undefined, { numeric: true }) || a.model.localeCompare(b.model));
  return { reviewed: reviews.length, judged, overridden, overrideRatio: judged === 0 ? null : overridden / judged, byVersion };
}
