import { afterEach, describe, expect, test } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { InngestTestEngine } from "@inngest/test";
import { bearer, call, seededDatabase } from "./fixtures";
import {
  jobRuns,
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
import { DEMO_USERS as users, seedDemoWithControls } from "./spectrum-fixtures";
import { generatePeriodInsight } from "@/lib/spectrum/store/insights";
import { generatePeriodInsights } from "@/lib/spectrum/store/period-batch";
import { SPECTRUM_WEEKLY_REQUESTED } from "@/lib/spectrum/store/period-jobs";
import { setLlmProvider, type LlmProvider } from "@/lib/llm";
import { periodRange } from "@/lib/spectrum";

const t = seededDatabase();
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
  });

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
