import { expect, test } from "vitest";
import type { TopicTrendRow } from "../types";
import { growingTopicRule } from "./growing-topic";
import { binomialSample, emptyInputs } from "./generated";

const now = new Date("2026-12-01T00:00:00Z");
const row = (topic: number, terms: string[], thisWeek: number, lastWeek: number, computedAt = "2026-11-30T04:45:00.000Z"): TopicTrendRow => ({
  topic,
  label: terms.join(" · "),
  terms,
  thisWeek,
  lastWeek,
  computedAt,
});

/** Two weeks of 600 conversations each, split between three topics; the refund topic's share is drawn per week. */
function weeks(refundShareBefore: number, refundShareNow: number, computedAt?: string) {
  const refundNow = binomialSample(31, 600, refundShareNow);
  const refundBefore = binomialSample(32, 600, refundShareBefore);
  return [
    row(0, ["flight", "hotel", "booking"], Math.round((600 - refundNow) / 2), Math.round((600 - refundBefore) / 2), computedAt),
    row(1, ["recipe", "pasta", "oven"], Math.round((600 - refundNow) / 2), Math.round((600 - refundBefore) / 2), computedAt),
    row(2, ["refund", "invoice", "charged"], refundNow, refundBefore, computedAt),
  ];
}

test("fires for a topic whose share of conversations grew, and for a new one", () => {
  const out = growingTopicRule(emptyInputs({ now, topics: weeks(0.05, 0.15) }));
  expect(out.map((s) => s.key)).toEqual(["growing-topic:charged+invoice+refund"]);
  expect(Number(out[0].evidence.share)).toBeGreaterThan(Number(out[0].evidence.previousShare));
  expect(Number(out[0].evidence.pValue)).toBeLessThan(0.05);
  const fresh = growingTopicRule(emptyInputs({ now, topics: [row(0, ["flight"], 500, 600), row(1, ["refund"], 100, 0)] }));
  expect(fresh.map((s) => s.title)).toEqual(['New conversation topic: "refund"']);
});

test("stays silent when shares held, the topic is small, or the clustering is stale", () => {
  expect(growingTopicRule(emptyInputs({ now, topics: weeks(0.1, 0.1) }))).toEqual([]);
  expect(growingTopicRule(emptyInputs({ now, topics: [row(0, ["flight"], 600, 600), row(1, ["refund"], 12, 0)] }))).toEqual([]);
  expect(growingTopicRule(emptyInputs({ now, topics: weeks(0.05, 0.15, "2026-11-20T04:45:00.000Z") }))).toEqual([]);
});
