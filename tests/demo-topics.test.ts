// The demo's Topics page on first start: the set-up records an insights-topics run over the demo's own questions, and
// the topics it stores are real clusters of them: named by words of the questions, with examples that link to traces;
// the planted German invoice questions of the last week come out as a new topic, and the suggestions pass says so.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createDemoTestDb, DEMO_SEED_TIMEOUT, DEMO_TEST_OPTIONS } from "@/tests/support/demo";
import type { DbHandle } from "@/db/client";
import { currentTopics } from "@/lib/insights/topics/topics";
import { listRuns } from "@/lib/jobs/ledger";
import { listSuggestions } from "@/lib/insights/store/suggestions";

let h: DbHandle;
let projectId: string;
beforeAll(async () => {
  ({ handle: h, seeded: { projectId } } = await createDemoTestDb(DEMO_TEST_OPTIONS));
}, DEMO_SEED_TIMEOUT);
afterAll(async () => h.close());

test("the seeded demo shows topics clustered from its conversations, from a recorded insights-topics run", { timeout: 300_000 }, async () => {
  const runs = (await listRuns(h.db, projectId, { limit: 500 })).filter((r) => r.functionId === "insights-topics" && r.idempotencyKey.startsWith("demo set-up:"));
  expect(runs.map((r) => r.status)).toEqual(["succeeded"]);
  const { run, topics } = await currentTopics(h.db, projectId);
  console.log(`insights-topics on the demo: ${runs[0].durationMs} ms, ${run?.conversations} conversations, k = ${run?.k}, silhouette ${run?.silhouette?.toFixed(3)}`);
  for (const t of topics) console.log(`  ${t.label} [${t.terms.join(", ")}]: ${t.size} (${t.lastWeek} → ${t.thisWeek}); e.g. "${t.examples[0]?.text}"`);
  expect(run!.conversations).toBeGreaterThan(100);
  expect(topics.length).toBeGreaterThanOrEqual(2);
  expect(topics.reduce((a, t) => a + t.size, 0)).toBe(run!.conversations);
  for (const t of topics) {
    expect(t.terms.length).toBeGreaterThan(0);
    expect(t.examples.length).toBeGreaterThan(0);
    // Each name word occurs in the topic's own example questions or at least in one of its conversations' words.
    expect(t.examples.some((e) => t.terms.some((w) => e.text.toLowerCase().includes(w)))).toBe(true);
  }
  // The suggestions pass after it read these topics; whatever growing topic it names is one of them.
  const growing = (await listSuggestions(h.db, projectId, "current")).filter((s) => s.rule === "growing-topic");
  for (const s of growing) console.log(`${s.severity} ${s.title}: ${s.body}`);
  for (const s of growing) expect(topics.map((t) => t.label)).toContain(s.evidence.topic);
  // Planted (lib/demo/traces.ts): German questions about PDF invoices and SEPA payments in the last 7 days only.
  const german = topics.find((t) => t.terms.some((w) => ["rechnungen", "sepa", "lastschrift", "pdf"].includes(w)));
  expect(german).toMatchObject({ lastWeek: 0 });
  expect(german!.thisWeek).toBeGreaterThan(20);
  expect(growing.map((s) => s.evidence.topic)).toContain(german!.label);
});
