// The demo's online evaluation rule and blinded review queue: the rule judges sampled support traces when the job
// runs (scores with source "eval"), the queue holds 12 judged traces, shown blinded, and a blinded rubric queue holds
// 20 sampled weekly Spectrum insights.
import { afterAll, beforeAll, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { createDemoTestDb, DEMO_SEED_TIMEOUT, DEMO_TEST_NOW, DEMO_TEST_OPTIONS } from "@/tests/support/demo";
import type { DbHandle } from "@/db/client";
import { scores } from "@/db/schema";
import { listRules } from "@/lib/evaluation/store/evaluation-rules";
import { evaluateProjectRules } from "@/lib/evaluation/store/online-evaluation";
import { listQueues } from "@/lib/evaluation/store/annotation-queues";
import { nextItem } from "@/lib/evaluation/store/annotation-review";

let h: DbHandle;
let projectId: string;
beforeAll(async () => {
  ({ handle: h, seeded: { projectId } } = await createDemoTestDb(DEMO_TEST_OPTIONS));
}, DEMO_SEED_TIMEOUT);
afterAll(async () => h.close());

test("the demo seeds a judge rule that scores sampled traces and a blinded queue of judged traces", { timeout: 240_000 }, async () => {
  const [rule] = await listRules(h.db, projectId);
  expect(rule).toMatchObject({ name: "Helpfulness of support answers", enabled: true, sampleRate: 0.25 });
  const [result] = await evaluateProjectRules(h.db, projectId, { now: new Date(DEMO_TEST_NOW.getTime() + 86_400_000), executor: null });
  expect(result!.evaluated).toBeGreaterThan(0);
  const online = await h.db.select().from(scores).where(and(eq(scores.projectId, projectId), eq(scores.source, "eval")));
  expect(online.length).toBe(result!.scored);
  expect(online.every((s) => s.name === "helpfulness_online" && s.comment === "rule Helpfulness of support answers (judge local-heuristic-v1)")).toBe(true);

  const queues = await listQueues(h.db, projectId);
  const queue = queues.find((q) => q.name === "Support answers (blinded)");
  expect(queue).toMatchObject({ name: "Support answers (blinded)", blinded: true, total: 12, done: 0 });
  const next = await nextItem(h.db, projectId, queue!.id, { key: "reviewer", userId: null });
  // Blinded: no trace id, name, model or judge score; only what is reviewed and whether it is a trace or a dataset item.
  expect(Object.keys(next.item!).sort()).toEqual(["id", "input", "kind", "output"]);
  expect(next.item!.kind).toBe("trace");

  const insightQueue = queues.find((q) => q.name === "Spectrum insight quality (blinded)");
  expect(insightQueue).toMatchObject({ blinded: true, total: 20, done: 0 });
  expect(insightQueue!.scoreConfigs.map((c) => c.name)).toEqual(["faithful", "supportive", "clear", "safe"]);
  const insight = await nextItem(h.db, projectId, insightQueue!.id, { key: "reviewer", userId: null });
  expect(Object.keys(insight.item!).sort()).toEqual(["id", "input", "kind", "output"]);
  expect(insight.item).toMatchObject({ kind: "insight", input: { sessionCount: expect.any(Number) }, output: expect.any(String) });
});
