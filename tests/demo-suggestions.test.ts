// The demo's Insights panel on first start: the set-up runs the insights-suggestions pass, and what it lists is what
// the demo data was generated to hold (the warmer prompt experiment's planted win, failed answers followed by
// frustrated users, chat models drawn independently of quality) and nothing it was not (no prompt version regressed).
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDemoTestDb, DEMO_SEED_TIMEOUT, DEMO_TEST_OPTIONS } from "@/tests/support/demo";
import type { DbHandle } from "@/db/client";
import { listSuggestions } from "@/lib/insights/store/suggestions";
import { listRuns } from "@/lib/jobs/ledger";

let h: DbHandle;
let projectId: string;
beforeAll(async () => {
  ({ handle: h, seeded: { projectId } } = await createDemoTestDb(DEMO_TEST_OPTIONS));
}, DEMO_SEED_TIMEOUT);
afterAll(async () => h.close());

test("the seeded demo lists true suggestions only, from a recorded insights-suggestions run", { timeout: 300_000 }, async () => {
  const runs = (await listRuns(h.db, projectId, { limit: 500 })).filter((r) => r.functionId === "insights-suggestions" && r.idempotencyKey.startsWith("demo set-up:"));
  expect(runs.map((r) => r.status)).toEqual(["succeeded"]);
  console.log(`insights-suggestions on the demo project: ${runs[0].durationMs} ms`);
  const current = await listSuggestions(h.db, projectId, "current");
  const rules = current.map((s) => s.rule);
  for (const s of current) console.log(`${s.severity} ${s.title}: ${s.body}`);
  // Planted: the warm-v2 experiment raises thumbs-up; a failed answer makes the user frustrated (lib/demo/sentiment.ts).
  expect(current.find((s) => s.rule === "experiment-decision")).toMatchObject({ key: expect.stringMatching(/:ship:warm-v2$/) });
  expect(current.find((s) => s.key === "error-sentiment:answer")?.evidence.negativeShareAfterFailure).toBeGreaterThan(0.5);
  // Chat models are drawn at random whatever the question, so quality does not depend on the model: a cheaper one is a true finding.
  expect(rules).toContain("cheaper-model");
  // Not planted: support-v4 changed nothing the scores see, and the demo has no saved cohorts.
  expect(rules).not.toContain("prompt-regression");
  expect(rules).not.toContain("cohort-retention");
  // Not planted either: a trace's persona is drawn from its id, independently of how it goes (lib/demo/traces.ts).
  expect(rules).not.toContain("persona-effectiveness");
});
