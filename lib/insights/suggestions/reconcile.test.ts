import { expect, test } from "vitest";
import { reconcile, type StoredSuggestionState } from "./reconcile";
import { materiallyChanged } from "./stats";
import type { Suggestion } from "./types";

const finding = (key: string, rate: number): Suggestion => ({ rule: "r", key, severity: "low", title: "t", body: "b", evidence: { rate }, material: ["rate"], links: [] });
const stored = (key: string, status: StoredSuggestionState["status"], feedbackRate: number | null, active = true): StoredSuggestionState => ({
  id: `id-${key}`,
  key,
  status,
  active,
  feedbackEvidence: feedbackRate === null ? null : { rate: feedbackRate },
});

test("new findings insert, known ones update, vanished ones deactivate", () => {
  const plan = reconcile([stored("a", "open", null), stored("gone", "open", null)], [finding("a", 0.5), finding("b", 0.5)]);
  expect(plan.insert.map((s) => s.key)).toEqual(["b"]);
  expect(plan.update.map((u) => [u.id, u.reopen])).toEqual([["id-a", false]]);
  expect(plan.deactivate).toEqual(["id-gone"]);
});

test("a suggestion closed as done or not useful re-opens only when its material evidence moved by more than 25%", () => {
  const plan = reconcile([stored("a", "done", 0.5), stored("b", "not_useful", 0.5), stored("c", "useful", 0.5)], [finding("a", 0.55), finding("b", 0.2), finding("c", 0.1)]);
  expect(plan.update.map((u) => [u.id, u.reopen])).toEqual([
    ["id-a", false],
    ["id-b", true],
    ["id-c", false],
  ]);
  expect(materiallyChanged({ model: "x" }, { model: "y" }, ["model"])).toBe(true);
  expect(materiallyChanged(null, { rate: 1 }, ["rate"])).toBe(false);
});
