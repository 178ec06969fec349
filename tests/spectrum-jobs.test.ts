import { afterEach, describe, expect, test } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { InngestTestEngine } from "@inngest/test";
import { bearer, call, seededDatabase } from "./support/fixtures";
import {
  jobRuns,
  jobSteps,
  spectrumInsights,
  spectrumPeriodAggregates,
  spectrumSessionAggregates,
  spectrumTurnVectors,
} from "@/db/schema";
import * as ingest from "@/app/api/v1/ingest/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { toInngestFunction } from "@/inngest/client";
import { spectrumSessionAnalysis } from "@/inngest/functions/spectrum-session-analysis";
import { spectrumWeekly } from "@/inngest/functions/spectrum-weekly";
import { DEMO_USERS as users, seedDemoWithControls } from "./support/spectrum";
import { generatePeriodInsight } from "@/lib/spectrum/store/insights";
import { generatePeriodInsights } from "@/lib/spectrum/store/period-batch";
import { SPECTRUM_WEEKLY_REQUESTED } from "@/lib/spectrum/store/period-jobs";
import { setLlmProvider, type LlmProvider } from "@/lib/llm";
import { periodRange } from "@/lib/spectrum";

const t = seededDatabase();
// A last-resort cap for the two heavy tests: on a busy shared machine they take minutes, and waiting is not failing.
const HEAVY_TEST_MS = 600_000;
afterEach(() => setLlmProvider(null));

/** Stored outputs of a period, without the columns that differ on every write (ids, timestamps). */
async function outputs(periodKey: string) {
  const p = t.org.project.id;
  const aggs = await t.h.db
    .select()
    .from(spectrumPeriodAggregates)
    .where(and(eq(spectrumPeriodAggregates.projectId, p), eq(spectrumPeriodAggregates.periodKey, periodKey), inArray(spectrumPeriodAggregates.userId, users)));
  const insights = await t.h.db
    .select()
    .from(spectrumInsights)
    .where(and(eq(spectrumInsights.projectId, p), eq(spectrumInsights.periodKey, periodKey), inArray(spectrumInsights.userId, users)));
  return {
    aggregates: aggs.map(({ computedAt: _c, ...rest }) => rest).sort((a, b) => a.userId.localeCompare(b.userId)),
    insights: insights.map(({ id: _i, createdAt: _c, ...rest }) => rest).sort((a, b) => a.userId.localeCompare(b.userId)),
  };
}

describe("weekly/monthly batch path", () => {
  test("the set-based batch writes exactly what the single-user path writes (with an exclusion and a reset)", async () => {
    const p = t.org.project.id;
    await seedDemoWithControls(t.h.db, p);

    for (const [granularity, at] of [
      ["week", "2026-10-27T12:00:00Z"],
      ["week", "2026-11-04T12:00:00Z"],
      ["week", "2026-11-11T12:00:00Z"],
      ["month", "2026-10-15T00:00:00Z"],
    ] as const) {
      const key = periodRange(new Date(at), granularity).key;
      for (const u of users) await generatePeriodInsight(t.h.db, p, u, granularity, new Date(at));
      const single = await outputs(key);
      expect(single.aggregates.length).toBeGreaterThan(0);
      const outcomes = await generatePeriodInsights(t.h.db, p, users, granularity, new Date(at));
      expect(outcomes.every((o) => o.status !== "rejected")).toBe(true);
      expect(await outputs(key)).toEqual(single);
    }
    // user_0004 reset on 2026-11-04: the week of 2026-10-27 has no counted session, so neither path stores anything.
    expect((await outputs("2026-W44")).aggregates.map((a) => a.userId)).not.toContain("user_0004");
  }, HEAVY_TEST_MS);

  test("a rejected user does not block the others in the batch, and keeps their earlier insight", async () => {
    const p = t.org.project.id;
    const at = new Date("2026-11-11T12:00:00Z");
    const before = await outputs("2026-W46");
    // Users are processed in the order given: the first user's three wordings are all clinical.
    let calls = 0;
    const picky: LlmProvider = {
      id: "picky",
      async generate() {
        const clinical = calls++ < 3;
        return { text: clinical ? "You seem to have depression symptoms." : "A steady week with a few brighter days.", provider: "picky", model: "p-1", inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 };
      },
    };
    const outcomes = await generatePeriodInsights(t.h.db, p, users, "week", at, { provider: picky });
    const rejected = outcomes.filter((o) => o.status === "rejected").map((o) => o.userId);
    expect(rejected).toEqual(["user_0001"]);
    const after = await outputs("2026-W46");
    for (const i of after.insights) {
      if (rejected.includes(i.userId)) expect(i.text).toBe(before.insights.find((b) => b.userId === i.userId)!.text);
      else expect(i).toMatchObject({ provider: "picky", text: "A steady week with a few brighter days." });
    }
  });

  test("as an Inngest function: the weekly job stores every user's week and records the run", async () => {
    const p = t.org.project.id;
    const engine = new InngestTestEngine({ function: toInngestFunction(spectrumWeekly) });
    const { result, error } = await engine.execute({
      events: [{ name: SPECTRUM_WEEKLY_REQUESTED, id: "evt-weekly-1", data: { projectId: p, periodAnchor: "2026-11-18T12:00:00Z", idempotencyKey: "weekly-test-1" } }],
    });
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ period: "2026-W47", users: 5, stored: 5, empty: 0, batches: 1 });
    expect((await outputs("2026-W47")).insights.map((i) => i.userId)).toEqual(users);
    const [ledger] = await t.h.db.select().from(jobRuns).where(and(eq(jobRuns.mode, "inngest"), eq(jobRuns.functionId, "spectrum-weekly")));
    expect(ledger).toMatchObject({ status: "succeeded", attempts: 1 });
  });
});

describe("re-analysis after late turns", () => {
  const post = (batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: bearer(t.org.apiKey.secretKey), body: { batch } });
  const turn = (id: string, i: number, role: string, text: string) => ({
    id,
    type: "turn",
    timestamp: new Date(Date.parse("2026-11-10T09:00:00Z") + i * 60_000).toISOString(),
    body: { sessionId: "late-1", userId: "late_user", role, text },
  });
  const runner = () => new EmbeddedRunner(t.h.db, [spectrumSessionAnalysis], { backoff: { baseMs: 1, maxMs: 2 }, log: () => {} });

  test("turns arriving after the analysis enqueue it again under a new key; the rerun replaces outputs; a replay does nothing", async () => {
    const p = t.org.project.id;
    await post([
      { id: "late-1", type: "session", timestamp: "2026-11-10T09:00:00Z", body: { userId: "late_user", startedAt: "2026-11-10T09:00:00Z", endedAt: "2026-11-10T09:10:00Z" } },
      turn("late-1-t0", 0, "user", "I'm so worried about tomorrow."),
      turn("late-1-t1", 1, "assistant", "Let's break it into small steps."),
    ]);
    await runner().drain();
    const aggregate = async () =>
      (await t.h.db.select().from(spectrumSessionAggregates).where(and(eq(spectrumSessionAggregates.projectId, p), eq(spectrumSessionAggregates.sessionId, "late-1"))))[0];
    const vectors = async () => t.h.db.select().from(spectrumTurnVectors).where(and(eq(spectrumTurnVectors.projectId, p), eq(spectrumTurnVectors.sessionId, "late-1")));
    expect((await aggregate()).userTurnCount).toBe(1);
    const firstValence = ((await aggregate()).vector as { valence: number }).valence;

    await post([turn("late-1-t2", 2, "user", "Thank you, I feel calmer and grateful now.")]);
    await runner().drain();
    expect((await aggregate()).userTurnCount).toBe(2);
    expect(((await aggregate()).vector as { valence: number }).valence).toBeGreaterThan(firstValence);
    expect((await vectors()).map((v) => v.turnId).sort()).toEqual(["late-1-t0", "late-1-t1", "late-1-t2"]);
    const runs = await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "spectrum-session-analysis"));
    const keys = runs.map((r) => r.idempotencyKey).filter((k) => k.includes(":late-1:"));
    expect(keys.sort()).toEqual([`${p}:late-1:lexicon-v1`, `${p}:late-1:lexicon-v1:turns-3`]);
    expect(runs.filter((r) => r.idempotencyKey.includes(":late-1:")).every((r) => r.status === "succeeded")).toBe(true);
    const week = await t.h.db
      .select()
      .from(spectrumPeriodAggregates)
      .where(and(eq(spectrumPeriodAggregates.projectId, p), eq(spectrumPeriodAggregates.userId, "late_user"), eq(spectrumPeriodAggregates.granularity, "week")));
    expect(week).toHaveLength(1);

    // The same late turn replayed inserts nothing and enqueues nothing.
    await post([turn("late-1-t2", 2, "user", "Thank you, I feel calmer and grateful now.")]);
    await runner().drain();
    const again = await t.h.db.select().from(jobRuns).where(eq(jobRuns.functionId, "spectrum-session-analysis"));
    expect(again.filter((r) => r.idempotencyKey.includes(":late-1:"))).toHaveLength(2);
  });
});

describe("weekly job over several batches", () => {
  test("aggregates then words each batch of 2,000 users; a rejected text retries only its insight step", async () => {
    const p = t.org.project.id;
    // 2,100 users with two sessions in 2025-W10; bulk_002050 (second batch) has seven, which the provider below
    // words clinically three times: its first run fails in insights-1, the retry succeeds.
    await t.h.db.execute(sql`
      insert into spectrum_session_aggregates
        (project_id, session_id, user_id, started_at, vector, dominant, dominant_emotions, patterns, user_turn_count, analysis_version)
      select ${p}::uuid, 'bulk-' || u || '-' || k, 'bulk_' || lpad(u::text, 6, '0'), '2025-03-03T10:00:00Z'::timestamptz + k * interval '1 day',
             jsonb_build_object('valence', ((u * 7 + k) % 10) / 10.0 - 0.5, 'arousal', 0.3, 'emotions', jsonb_build_object('joy', 0.2, 'calm', 0.3,
               'gratitude', 0, 'sadness', 0, 'anxiety', 0.1, 'anger', 0, 'frustration', 0, 'confusion', 0)),
             'calm', '[]'::jsonb, '["steady-calm"]'::jsonb, 1, 'lexicon-v1+session-v1'
      from generate_series(1, 2100) u, generate_series(0, 6) k
      where k < 2 or u = 2050`);
    let rejections = 0;
    const worded = new Map<number, number>();
    setLlmProvider({
      id: "counting",
      async generate(req) {
        const n = Number(req.variables.sessionCount);
        worded.set(n, (worded.get(n) ?? 0) + 1);
        const clinical = n === 7 && rejections < 3;
        if (clinical) rejections++;
        const text = clinical ? "You seem to have depression symptoms." : `A steady week across ${n} sessions.`;
        return { text, provider: "counting", model: "c-1", inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0 };
      },
    });
    const runner = new EmbeddedRunner(t.h.db, [spectrumWeekly], { backoff: { baseMs: 1, maxMs: 2 }, log: () => {} });
    const [run] = await runner.send({ name: SPECTRUM_WEEKLY_REQUESTED, data: { projectId: p, periodAnchor: "2025-03-05T12:00:00Z" } });
    await runner.drain();

    const [ledger] = await t.h.db.select().from(jobRuns).where(eq(jobRuns.id, run.runId));
    expect(ledger).toMatchObject({ status: "succeeded", attempts: 2 });
    expect(ledger.result).toMatchObject({ period: "2025-W10", users: 2100, stored: 2100, insights: 2100, batches: 2, rejectedAttempts: 0 });
    const steps = await t.h.db.select({ stepId: jobSteps.stepId }).from(jobSteps).where(eq(jobSteps.runId, run.runId));
    expect(steps.map((s) => s.stepId).sort()).toEqual(["aggregate-0", "aggregate-1", "insights-0", "insights-1"]);
    // Batch 1 was worded once (its step was replayed from the ledger on the retry); batch 2 twice (100 users).
    expect(worded.get(2)).toBe(2000 + 2 * 99);
    const stored = await t.h.db
      .select({ n: sql<number>`count(*)::int` })
      .from(spectrumInsights)
      .where(and(eq(spectrumInsights.projectId, p), eq(spectrumInsights.periodKey, "2025-W10"), eq(spectrumInsights.provider, "counting")));
    expect(stored[0].n).toBe(2100);
  }, HEAVY_TEST_MS);
});
