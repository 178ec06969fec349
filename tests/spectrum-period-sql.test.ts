// The set-based SQL aggregation (lib/spectrum/store/period-sql.ts) against the pure reference `aggregatePeriod`:
// same structure, same flags and labels, numbers equal to floating-point rounding.
import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { spectrumExclusions, spectrumInsights, spectrumPeriodAggregates, spectrumSessionAggregates } from "@/db/schema";
import { aggregatePeriod, periodRange, previousPeriodRange, type EmotionVector, type SessionSummary } from "@/lib/spectrum";
import { aggregatePeriodsInDb } from "@/lib/spectrum/store/period-sql";
import { DEMO_USERS, seedDemoWithControls } from "./support/spectrum";
import { countedSessions } from "@/lib/spectrum/store/scope";
import { generatePeriodInsights } from "@/lib/spectrum/store/period-batch";

const t = seededDatabase();

/** Deep equality where numbers may differ by rounding (the SQL sums exactly in numeric, the JS sums in doubles). */
function expectClose(actual: unknown, expected: unknown, path = "$"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    if (Math.abs(actual - expected) > 1e-9 * (1 + Math.abs(expected))) throw new Error(`${path}: ${actual} != ${expected}`);
    return;
  }
  if (expected && typeof expected === "object") {
    expect(actual, path).toBeTypeOf("object");
    expect(Object.keys(actual as object).sort(), path).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

const vec = (valence: number, arousal: number, e: Partial<EmotionVector["emotions"]> = {}): EmotionVector => ({
  valence,
  arousal,
  emotions: { joy: 0, calm: 0, gratitude: 0, sadness: 0, anxiety: 0, anger: 0, frustration: 0, confusion: 0, ...e },
});

async function insertSessions(userId: string, sessions: { at: string; vector: EmotionVector; patterns?: string[]; version?: string }[]) {
  await t.h.db.insert(spectrumSessionAggregates).values(
    sessions.map((s, i) => ({
      projectId: t.org.project.id,
      sessionId: `${userId}-s${i}`,
      userId,
      startedAt: new Date(s.at),
      vector: s.vector,
      dominant: "neutral",
      dominantEmotions: [],
      patterns: s.patterns ?? [],
      userTurnCount: 1,
      analysisVersion: s.version ?? "lexicon-v1+session-v1",
    })),
  );
}

async function stored(userId: string, periodKey: string) {
  const [row] = await t.h.db
    .select()
    .from(spectrumPeriodAggregates)
    .where(and(eq(spectrumPeriodAggregates.projectId, t.org.project.id), eq(spectrumPeriodAggregates.userId, userId), eq(spectrumPeriodAggregates.periodKey, periodKey)));
  return row;
}

/** The pure reference for one user and period, from the same counted sessions. */
async function reference(userId: string, granularity: "week" | "month", anchor: Date) {
  const p = t.org.project.id;
  const range = periodRange(anchor, granularity);
  const prev = previousPeriodRange(anchor, granularity);
  const cur: SessionSummary[] = await countedSessions(t.h.db, p, userId, range.start, range.end);
  const before: SessionSummary[] = await countedSessions(t.h.db, p, userId, prev.start, prev.end);
  return cur.length ? aggregatePeriod(cur, { previous: before.length ? aggregatePeriod(before) : null }) : null;
}

/** One session on Wednesday 2025-03-05; six sessions over week 2025-W10 with three notable days. */
const oneSession = () => [{ at: "2025-03-05T08:00:00Z", vector: vec(0.2, 0.3, { joy: 0.4 }), patterns: ["steady-calm"] }];
const severalDays = () => [
  { at: "2025-03-03T08:00:00Z", vector: vec(0.8, 0.2, { joy: 0.9 }) },
  { at: "2025-03-04T08:00:00Z", vector: vec(-0.6, 0.9, { anger: 0.7 }) },
  { at: "2025-03-05T08:00:00Z", vector: vec(0.1, 0.3) },
  { at: "2025-03-05T09:00:00Z", vector: vec(0.12, 0.31) },
  { at: "2025-03-06T23:59:59Z", vector: vec(-0.1, 0.5, { confusion: 0.4 }) },
  { at: "2025-03-08T00:00:00Z", vector: vec(0.3, 0.4, { gratitude: 0.6 }) },
];

describe("set-based period aggregation", () => {
  test("matches aggregatePeriod for the demo users, weeks and months, with exclusions and a reset", async () => {
    const p = t.org.project.id;
    await seedDemoWithControls(t.h.db, p);
    const users = DEMO_USERS;
    let compared = 0;
    for (const [granularity, at] of [
      ["week", "2026-10-27T12:00:00Z"],
      ["week", "2026-11-04T12:00:00Z"],
      ["week", "2026-11-11T12:00:00Z"],
      ["month", "2026-10-15T00:00:00Z"],
      ["month", "2026-11-15T00:00:00Z"],
    ] as const) {
      const anchor = new Date(at);
      const result = await aggregatePeriodsInDb(t.h.db, p, users, granularity, anchor);
      expect([...result.stored, ...result.empty].sort()).toEqual(users);
      for (const u of users) {
        const expected = await reference(u, granularity, anchor);
        const row = await stored(u, periodRange(anchor, granularity).key);
        if (!expected) {
          expect(row, `${u} ${at}`).toBeUndefined();
          expect(result.empty).toContain(u);
          continue;
        }
        expectClose(row.aggregate, JSON.parse(JSON.stringify(expected)), `${u}@${at}`);
        expect(row.sessionCount).toBe(expected.sessionCount);
        expect(row.analysisVersion).toBe(`${expected.analysisVersion}+period-v1`);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(15);
  });

  test("edge cases: one session, zero spread on both sides, repeated patterns, notable days, version mismatch", async () => {
    // 2025-03-03 is a Monday. Previous week: three identical sessions; this week: four identical ones on two days.
    const flatPrev = vec(0.5, 0.25, { calm: 0.5 });
    const flatCur = vec(-0.25, 0.5, { anxiety: 0.5 });
    await insertSessions("edge_flat", [
      ...[0, 1, 2].map((i) => ({ at: `2025-02-2${4 + i}T10:00:00Z`, vector: flatPrev })),
      ...[0, 1, 2, 3].map((i) => ({ at: `2025-03-0${3 + (i % 2)}T1${i}:00:00Z`, vector: flatCur, patterns: ["rising-frustration", "rising-frustration"] })),
    ]);
    await insertSessions("edge_one", oneSession());
    await insertSessions("edge_days", severalDays());
    await insertSessions("edge_version", [
      { at: "2025-02-25T10:00:00Z", vector: vec(0.1, 0.3), version: "lexicon-v0+session-v1" },
      { at: "2025-03-04T10:00:00Z", vector: vec(0.2, 0.3) },
    ]);
    const anchor = new Date("2025-03-05T00:00:00Z");
    const users = ["edge_flat", "edge_one", "edge_days", "edge_version"];
    const result = await aggregatePeriodsInDb(t.h.db, t.org.project.id, users, "week", anchor);
    expect(result).toMatchObject({ stored: [...users].sort(), empty: [] });
    for (const u of users) expectClose((await stored(u, "2025-W10")).aggregate, JSON.parse(JSON.stringify(await reference(u, "week", anchor))), u);

    const flat = (await stored("edge_flat", "2025-W10")).aggregate as { shifts: Record<string, { t: number | null; significant: boolean }>; patternShares: object };
    expect(flat.shifts.valence).toMatchObject({ t: null, significant: true });
    expect(flat.patternShares).toEqual({ "rising-frustration": 1 });
    expect((await stored("edge_version", "2025-W10")).aggregate).toMatchObject({ shifts: null, shiftsUnavailable: "version-mismatch" });
    expect((await stored("edge_one", "2025-W10")).aggregate).toMatchObject({ shifts: null, shiftsUnavailable: "no-previous-period", notableDays: [] });
    expect(((await stored("edge_days", "2025-W10")).aggregate as { notableDays: unknown[] }).notableDays).toHaveLength(3);
  });

  test("a rerun replaces outputs exactly; a user whose sessions are all excluded loses aggregate and insight", async () => {
    const p = t.org.project.id;
    const anchor = new Date("2025-03-05T00:00:00Z");
    // Users of its own (the edge-case test's sessions, under other ids), so this test stands alone in any order.
    await insertSessions("rerun_days", severalDays());
    await insertSessions("rerun_one", oneSession());
    await aggregatePeriodsInDb(t.h.db, p, ["rerun_days"], "week", anchor);
    const before = await stored("rerun_days", "2025-W10");
    await aggregatePeriodsInDb(t.h.db, p, ["rerun_days"], "week", anchor);
    const { computedAt: _a, ...again } = await stored("rerun_days", "2025-W10");
    const { computedAt: _b, ...first } = before;
    expect(again).toEqual(first);

    await generatePeriodInsights(t.h.db, p, ["rerun_one"], "week", anchor);
    const insightOf = () => t.h.db.select().from(spectrumInsights).where(and(eq(spectrumInsights.projectId, p), eq(spectrumInsights.userId, "rerun_one")));
    expect(await insightOf()).toHaveLength(1);
    await t.h.db.insert(spectrumExclusions).values({ projectId: p, userId: "rerun_one", sessionId: "rerun_one-s0" });
    const result = await aggregatePeriodsInDb(t.h.db, p, ["rerun_one"], "week", anchor);
    expect(result).toEqual({ stored: [], empty: ["rerun_one"], first: null });
    expect(await stored("rerun_one", "2025-W10")).toBeUndefined();
    expect(await insightOf()).toHaveLength(0);
  });

  test("sessions of one period mixing analysis versions are refused and nothing of the batch is written", async () => {
    await insertSessions("edge_mixed", [
      { at: "2025-03-04T10:00:00Z", vector: vec(0.1, 0.3), version: "lexicon-v0+session-v1" },
      { at: "2025-03-04T11:00:00Z", vector: vec(0.2, 0.3) },
    ]);
    await insertSessions("edge_fine", [{ at: "2025-03-04T10:00:00Z", vector: vec(0.1, 0.3) }]);
    await expect(aggregatePeriodsInDb(t.h.db, t.org.project.id, ["edge_fine", "edge_mixed"], "week", new Date("2025-03-05T00:00:00Z"))).rejects.toThrow(
      /sessions mix analysis versions: lexicon-v0\+session-v1, lexicon-v1\+session-v1 \(user edge_mixed\)/,
    );
    expect(await stored("edge_fine", "2025-W10")).toBeUndefined();
  });
});
