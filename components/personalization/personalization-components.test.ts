// The Personalization page's tables render what a reader needs: every ranker with its diversity (and an old version
// without the new rankers still renders), trending items with their counts, and an honest empty trending state.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { StoredModelSummary } from "@/lib/personalization/store/models";
import { DEFAULT_TRAINING_PARAMS } from "@/lib/personalization/train";
import { EvaluationTable, evaluationRows } from "./evaluation-table";
import { TrendingTable } from "./trending-table";

const metrics = (ndcg: number, diversity?: number) => ({ ndcgAt10: ndcg, recallAt10: ndcg, hitRate: 0.5, userCoverage: 1, itemCoverage: 0.25, users: 40, ...(diversity === undefined ? {} : { diversity }) });

const version = (over: Partial<StoredModelSummary["evaluation"]> = {}): StoredModelSummary => ({
  id: "v",
  version: 3,
  algorithm: "bpr",
  createdAt: new Date("2026-12-01T00:00:00Z"),
  promoted: true,
  manifest: { algorithm: "bpr", users: 40, items: 20, interactions: 400, dimension: 33, sha256: "0".repeat(64), params: DEFAULT_TRAINING_PARAMS, trainingMs: 1200 },
  evaluation: { k: 10, holdoutFraction: 0.2, model: metrics(0.21, 0.5), popularity: metrics(0.08, 0.7), ndcgRatio: 2.6, beatsBaseline: true, ...over },
});

describe("the evaluation table", () => {
  it("lists popularity, both collaborative models, content, hybrid and hybrid + MMR with their diversity", () => {
    const v = version({ candidates: { als: metrics(0.19, 0.52), bpr: metrics(0.21, 0.5) }, content: metrics(0.05, 0.1), hybrid: metrics(0.2, 0.48), hybridMmr: { ...metrics(0.198, 0.61), lambda: 0.7 } });
    expect(evaluationRows(v).map((r) => [r.name, r.note])).toEqual([
      ["Popularity", "baseline"],
      ["ALS", undefined],
      ["BPR", "kept"],
      ["Content", undefined],
      ["Hybrid", "λ = 1"],
      ["Hybrid + MMR", "λ = 0.7"],
    ]);
    const html = renderToStaticMarkup(createElement(EvaluationTable, { version: v }));
    expect(html).toContain("0.610");
    expect(html).toContain("25%");
  });

  it("renders a version trained before BPR and the content model with its one model and no diversity", () => {
    const v = version();
    expect(evaluationRows(v).map((r) => r.name)).toEqual(["Popularity", "BPR"]);
    expect(renderToStaticMarkup(createElement(EvaluationTable, { version: { ...v, evaluation: { ...v.evaluation, model: metrics(0.21) } } }))).toContain("—");
  });
});

describe("the trending table", () => {
  const window = { recentFrom: "2026-12-04T00:00:00Z", baselineFrom: "2026-11-27T00:00:00Z", until: "2026-12-05T00:00:00Z", minRecent: 3 };
  it("shows each item's title, counts and z", () => {
    const html = renderToStaticMarkup(
      createElement(TrendingTable, { trending: { window, items: [{ itemId: "i1", title: "Naima", categories: ["jazz"], recent: 10, baseline: 7, expected: 1, zScore: 9 }] } }),
    );
    expect(html).toContain("Naima");
    expect(html).toContain("jazz");
    expect(html).toContain("9.0");
  });
  it("says why the list is empty instead of showing nothing", () => {
    expect(renderToStaticMarkup(createElement(TrendingTable, { trending: { window, items: [] } }))).toContain("No item is trending");
  });
});

describe("the click-through table", () => {
  it("shows each model version and variant with its share, n and interval, and links the experiment", async () => {
    const { ClickThroughTable } = await import("./click-through-table");
    const { estimateShare } = await import("@/lib/primitives/proportion");
    const rows = [
      { modelVersion: 2, experimentKey: null, variantKey: null, impressions: 40, clicked: 10, users: 12, ctr: estimateShare(10, 40) },
      { modelVersion: 2, experimentKey: "ranking", variantKey: "diverse", impressions: 5, clicked: 4, users: 5, ctr: estimateShare(4, 5) },
    ];
    const html = renderToStaticMarkup(createElement(ClickThroughTable, { report: { rows }, period: "last 7 days" }));
    expect(html).toContain("25% (10 of 40; 95% CI 14%–40%)");
    // Five lists are too few for a headline rate.
    expect(html).toContain("not enough data yet (4 of 5)");
    expect(html).toContain('href="/experiments/ranking"');
    expect(html).toContain("none (defaults)");
  });

  it("says how to get click-through when nothing was served", async () => {
    const { ClickThroughTable } = await import("./click-through-table");
    expect(renderToStaticMarkup(createElement(ClickThroughTable, { report: { rows: [] }, period: "last 7 days" }))).toContain("impressionId");
  });
});

describe("the persona suggestions card", () => {
  const result = {
    suggestions: [
      { persona: "coach", score: 0.91, signals: { history: 1, fit: 1, timeOfDay: 0.5, engagement: null }, reasons: ["this user rated 4 of its answers, 100% satisfied on average"] },
      { persona: "expert", score: 0.4, signals: { history: 0.5, fit: 0.1, timeOfDay: 1, engagement: null }, reasons: ["50% of its 20 rated answers satisfied users"] },
    ],
    missing: ["no persona's users have a known next week yet"],
    trainedOn: 30,
    source: "signals" as const,
    fit: "model" as const,
  };
  it("lists the personas best first with their reasons and the weights' origin", async () => {
    const { PersonaSuggestionsCard } = await import("./persona-suggestions-card");
    const html = renderToStaticMarkup(
      createElement(PersonaSuggestionsCard, {
        preview: { messageAt: new Date("2026-12-01T09:30:00Z"), hour: 9, result: { ...result, weights: { values: { history: 0.14, fit: 0.83, timeOfDay: 0.06, engagement: 0.07 }, source: "refit", fittedAt: "2026-11-30T04:15:00.000Z", examples: 145 } } },
      }),
    );
    expect(html.indexOf("coach")).toBeLessThan(html.indexOf("expert"));
    expect(html).toContain("this user rated 4 of its answers, 100% satisfied on average");
    expect(html).toContain("from 145 accepted suggestions");
    expect(html).toContain("fit to the message 0.83");
    expect(html).toContain("09:00 UTC");
    expect(html).toContain("Left out for lack of data: no persona&#x27;s users have a known next week yet.");
  });

  it("is honest without a message or without personas", async () => {
    const { PersonaSuggestionsCard } = await import("./persona-suggestions-card");
    expect(renderToStaticMarkup(createElement(PersonaSuggestionsCard, { preview: { messageAt: null, hour: null, result: null } }))).toContain("No message from this user yet");
    const empty = { source: "signals" as const, fit: null, suggestions: [], missing: ["no persona has answered any traces yet"], trainedOn: 0, weights: { values: { history: 0.5, fit: 0.3, timeOfDay: 0.2, engagement: 0.1 }, source: "prior" as const } };
    expect(renderToStaticMarkup(createElement(PersonaSuggestionsCard, { preview: { messageAt: new Date(), hour: 1, result: empty } }))).toContain("No suggestion: no persona has answered any traces yet.");
  });
});
