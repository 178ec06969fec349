// Saved cohorts in root cause analysis from the rollups' per-user daily tiers: per-segment figures of cohort sets
// (alone, with plan or country, with a user filter) equal the plain scan of the traces for every trace metric
// (percentiles within the sketch's error), and so do cohort × trace dimension pairs (built-ins and a marked metadata
// key from the tier's rows per user and value; an unmarked key from the traces) and event metrics by cohort (the
// per-user event tier against the plain scan of the events); whole analyses rank the same candidates, the whole days
// really come from the tiers (a value row only where a user's day has more than one value, the day row listing single
// values), and a membership change at the cohort's refresh moves its users' traces at once
// (membership is read when the analysis runs, as the plain scan reads it).
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { seededDatabase } from "./support/fixtures";
import { seedIncident } from "./support/insights-incidents";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import type { Dimension } from "@/lib/insights/root-cause/dimensions";
import type { RootCauseMetricName } from "@/lib/insights/root-cause/metrics";
import { createCohort, updateCohort } from "@/lib/cohorts/store/cohorts";
import { refreshCohort } from "@/lib/cohorts/store/refresh";
import { recomputeSegmentRollups, scanSegmentsFast } from "@/lib/insights/store/segment-rollups";
import { scanSegments, type SegmentRow, type SegmentScan } from "@/lib/insights/store/segments";
import { saveDimensionKeys } from "@/lib/insights/store/settings";
import { userTierServes } from "@/lib/insights/store/user-day-scan";

const t = seededDatabase();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const currentFrom = new Date("2026-11-20T00:00:00Z");
const start = new Date(currentFrom.getTime() - 2 * DAY);
// The baseline starts off the hour (its first day's edge from the traces, its second day from the tier); the current
// window is one whole day.
const baseline = { from: new Date(start.getTime() + 90 * 60_000), to: currentFrom };
const current = { from: currentFrom, to: new Date(currentFrom.getTime() + DAY) };
const now = new Date(currentFrom.getTime() + 2 * DAY);
const METRICS: RootCauseMetricName[] = ["error_rate", "cost", "tokens", "latency_mean", "traces", "thumbs_down_rate"];
let projectId = "";
let cohortId = "";
let cohort = "" as Dimension;

const byKey = (rows: SegmentRow[]) => new Map(rows.map((r) => [`${r.current}|${r.dims.join(",")}|${r.values.join(",")}`, r]));
function expectSameRows(fast: SegmentRow[], plain: SegmentRow[]) {
  const f = byKey(fast), p = byKey(plain);
  expect([...f.keys()].sort()).toEqual([...p.keys()].sort());
  for (const [k, r] of p) {
    for (const field of ["num", "den", "num2", "den2", "numDen"] as const) {
      expect(Math.abs(f.get(k)![field] - r[field]), `${k} ${field}: ${f.get(k)![field]} vs ${r[field]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r[field])));
    }
  }
}
/** The same segments and counts as the exact scan; exceedances and percentiles within the sketch's error. */
function expectWithinSketchError(fast: Map<string, SegmentRow>, exact: Map<string, SegmentRow>) {
  expect([...fast.keys()].sort()).toEqual([...exact.keys()].sort());
  for (const [k, e] of exact) {
    const f = fast.get(k)!;
    expect(f.den, k).toBe(e.den);
    expect(Math.abs(f.num - e.num), k).toBeLessThanOrEqual(Math.max(3, 0.08 * e.den));
    if (e.quantile !== null) expect(Math.abs(f.quantile! - e.quantile) / e.quantile, k).toBeLessThanOrEqual(0.05);
  }
}
/** The analysis from the rollups ranks the same candidates with the same contributions as the exact one; returns it. */
async function expectSameAnalysis(req: Parameters<typeof analyzeRootCause>[1]) {
  const fast = await analyzeRootCause(t.h.db, req);
  const exact = await analyzeRootCause(t.h.db, { ...req, exact: true });
  expect(fast.candidates.map((c) => [c.dimension, c.value])).toEqual(exact.candidates.map((c) => [c.dimension, c.value]));
  fast.candidates.forEach((c, i) => expect(c.contribution).toBeCloseTo(exact.candidates[i].contribution, 9));
  return fast;
}

const setsOf = () => [[], [cohort], [cohort, "plan"], ["country", cohort]] as Dimension[][];
const onlyOf = () => new Map<Dimension, string[]>([["plan", ["team", "free"]]]);
const pairSetsOf = () => [[], [cohort, "prompt_version"], ["model", cohort], [cohort, "environment"], [cohort, "meta:tier"], ["meta:prompt_version", cohort], [cohort, "plan"]] as Dimension[][];
const pairOnlyOf = () => new Map<Dimension, string[]>([["prompt_version", ["v3", "v1"]], ["model", ["gpt-4o", "llama-3"]], ["meta:tier", ["gold"]], [cohort, ["Early users"]]]);
const countsOf = (rows: SegmentRow[], value: string) => rows.filter((r) => r.dims.join() === cohort && r.values[0] === value).reduce((a, r) => a + r.den, 0);

describe("saved cohorts from the per-user daily tiers", () => {
  beforeAll(async () => {
    projectId = t.org.project.id;
    const db = t.h.db;
    await seedIncident(db, projectId, { kind: "error_rate", segment: { prompt_version: "v3" } }, { currentFrom, baselineDays: 2, perDay: 400, seed: 11 });
    // Traces without a user belong to no cohort.
    await db.execute(sql`update traces set user_id = null where project_id = ${projectId} and abs(hashtext(id)) % 17 = 0`);
    // A marked metadata key (rolled up, so held per user and value) beside the unmarked prompt_version key.
    await db.execute(sql`update traces set metadata = metadata || jsonb_build_object('tier', (array['gold', 'silver', 'bronze'])[1 + abs(hashtext(id || 't')) % 3]) where project_id = ${projectId}`);
    await saveDimensionKeys(db, projectId, ["tier"]);
    // Product events of the same users (some without one): messages, errors, sessions, thumbs feedback, with the key.
    await db.execute(sql`insert into events (project_id, id, user_id, name, timestamp, properties)
      select ${projectId}::uuid, 'ev' || g, case when g % 23 = 0 then null else 'u' || (g * 7 % 300) end,
        (array['message_sent', 'message_sent', 'message_sent', 'message_sent', 'message_sent', 'message_sent', 'error', 'session_started', 'feedback', 'feedback'])[1 + (g * 13) % 10],
        ${start.toISOString()}::timestamptz + ((g::bigint * 7919) % ${3 * 86_400}) * interval '1 second',
        jsonb_build_object('tier', (array['gold', 'silver', 'bronze'])[1 + g % 3], 'thumbs', case when g % 3 = 0 then 'down' else 'up' end)
      from generate_series(0, 2999) g`);
    const saved = await createCohort(db, projectId, { name: "Early users", definition: { static: Array.from({ length: 60 }, (_, i) => `u${i * 3}`) } });
    cohortId = saved.id;
    cohort = `cohort:${cohortId}` as Dimension;
    await refreshCohort(db, projectId, cohortId, now);
    await recomputeSegmentRollups(db, projectId, start, new Date(currentFrom.getTime() + DAY), now);
  }, 180_000);

  test("every trace metric: cohort sets (alone, with plan or country, restricted values, a plan filter) equal the plain scan", async () => {
    for (const metric of METRICS) {
      const s: SegmentScan = { projectId, metric, baseline, current };
      expect(userTierServes(s, [cohort, "plan"])).toBe(true);
      expectSameRows(await scanSegmentsFast(t.h.db, s, setsOf(), onlyOf()), await scanSegments(t.h.db, s, setsOf(), onlyOf()));
      const filtered: SegmentScan = { ...s, filters: [{ dimension: "plan", value: "pro" }] };
      expectSameRows(await scanSegmentsFast(t.h.db, filtered, [[], [cohort]]), await scanSegments(t.h.db, filtered, [[], [cohort]]));
    }
  });

  test("every trace metric: a cohort paired with a trace dimension (restricted values, a metadata key marked or not) equals the plain scan", async () => {
    for (const metric of METRICS) {
      const s: SegmentScan = { projectId, metric, baseline, current };
      expect(userTierServes(s, ["model", cohort])).toBe(true);
      expect(userTierServes(s, [cohort, "model", "release"])).toBe(false);
      expect(userTierServes({ ...s, filters: [{ dimension: "model", value: "gpt-4o" }] }, [cohort, "release"])).toBe(false);
      expectSameRows(await scanSegmentsFast(t.h.db, s, pairSetsOf(), pairOnlyOf()), await scanSegments(t.h.db, s, pairSetsOf(), pairOnlyOf()));
      expectSameRows(await scanSegmentsFast(t.h.db, s, pairSetsOf()), await scanSegments(t.h.db, s, pairSetsOf()));
      // Under a series filter on a trace dimension the pair is not held per user: read from the traces, the rest from the rollups.
      const series: SegmentScan = { ...s, filters: [{ dimension: "model", value: "gpt-4o" }] };
      expectSameRows(await scanSegmentsFast(t.h.db, series, [[], [cohort], ["release"], [cohort, "release"]]), await scanSegments(t.h.db, series, [[], [cohort], ["release"], [cohort, "release"]]));
    }
  });

  test("every event metric: cohort sets (alone, with plan, with a metadata key marked or not, restricted, a plan filter) equal the plain scan of the events", async () => {
    const sets = [[], [cohort], [cohort, "plan"], ["meta:tier", cohort], [cohort, "meta:thumbs"]] as Dimension[][];
    for (const metric of ["sessions", "messages", "event_error_rate", "feedback_down_rate"] as const) {
      const s: SegmentScan = { projectId, metric, baseline, current };
      expect(userTierServes(s, ["meta:tier", cohort])).toBe(true);
      expectSameRows(await scanSegmentsFast(t.h.db, s, sets), await scanSegments(t.h.db, s, sets));
      expectSameRows(await scanSegmentsFast(t.h.db, s, sets, pairOnlyOf()), await scanSegments(t.h.db, s, sets, pairOnlyOf()));
      const filtered: SegmentScan = { ...s, filters: [{ dimension: "plan", value: "pro" }] };
      expectSameRows(await scanSegmentsFast(t.h.db, filtered, [[], [cohort]]), await scanSegments(t.h.db, filtered, [[], [cohort]]));
    }
    const req = { projectId, metric: "event_error_rate" as const, baseline, current, dimensions: [cohort, "plan", "meta:tier"] as Dimension[] };
    await expectSameAnalysis(req);
  });

  test("a value row only where a user's day has more than one value of the dimension; the day row lists its single values, as the traces give them", async () => {
    for (const [table, key] of [["root_cause_user_day_rollups", "user_id"], ["root_cause_user_event_day_rollups", "user_id, name, thumbs"]] as const) {
      // Per key and day: each held dimension is either listed on the day row with its one value, or has 2+ value rows.
      const [shape] = rowsOf<{ lone: number; both: number; single: number; multi: number }>(
        await t.h.db.execute(sql`
          with v as (select day, ${sql.raw(key)}, dim, count(*)::int as n from ${sql.identifier(table)} where project_id = ${projectId} and dim <> '' group by day, ${sql.raw(key)}, dim),
            s as (select day, ${sql.raw(key)}, k as dim from ${sql.identifier(table)}, jsonb_object_keys(single_values) k where project_id = ${projectId} and dim = '')
          select (select count(*) from v where n = 1)::int as lone,
            (select count(*) from v join s using (day, ${sql.raw(key)}, dim))::int as "both",
            (select count(*) from s)::int as single, (select count(*) from v)::int as multi`),
      );
      expect(shape, table).toMatchObject({ lone: 0, both: 0 });
      // Both kinds occur, so the equalities with the plain scans above read single- and multi-valued days alike.
      expect(shape.single, table).toBeGreaterThan(0);
      expect(shape.multi, table).toBeGreaterThan(0);
    }
    // The single values are the traces' own: a user's day listed with one release has traces of that release only.
    const [release] = rowsOf<{ days: number; wrong: number }>(
      await t.h.db.execute(sql`
        select count(distinct (u.user_id, u.day))::int as days, count(*) filter (where coalesce(tr.release, '(none)') <> u.single_values->>'release')::int as wrong
        from root_cause_user_day_rollups u
        join traces tr on tr.project_id = u.project_id and tr.user_id = u.user_id and tr.timestamp >= u.day and tr.timestamp < u.day + interval '1 day'
        where u.project_id = ${projectId} and u.dim = '' and u.single_values ? 'release'`),
    );
    expect(release.days).toBeGreaterThan(0);
    expect(release.wrong).toBe(0);
  });

  test("percentiles of cohort pairs: the same segments and counts as the exact scan, percentiles within the sketch's error", async () => {
    const s: SegmentScan = { projectId, metric: "latency_p95", baseline, current };
    const fast = byKey(await scanSegmentsFast(t.h.db, s, pairSetsOf(), pairOnlyOf()));
    const exact = byKey(await scanSegments(t.h.db, s, pairSetsOf(), pairOnlyOf()));
    expectWithinSketchError(fast, exact);
    // Both sides of the cohort, alone and paired (the others' sketches are all users' minus the members').
    const open = new Map<Dimension, string[]>([["prompt_version", ["v3", "v1"]], ["model", ["gpt-4o", "llama-3"]]]);
    for (const sets of [[[cohort]], [[], [cohort]], [[cohort, "prompt_version"], ["model", cohort], [cohort, "meta:tier"]], pairSetsOf()] as Dimension[][][]) {
      expectWithinSketchError(byKey(await scanSegmentsFast(t.h.db, s, sets, open)), byKey(await scanSegments(t.h.db, s, sets, open)));
    }
  });

  test("an analysis whose two-dimension pass pairs the cohort with a trace dimension ranks the same candidates as the traces give", async () => {
    for (const metric of ["error_rate", "cost"] as const) {
      const req = { projectId, metric, baseline, current, dimensions: [cohort, "prompt_version", "model"] as Dimension[] };
      await expectSameAnalysis(req);
    }
  });

  test("percentiles: the same segments and counts as the exact scan, percentiles within the sketch's error", async () => {
    const s: SegmentScan = { projectId, metric: "latency_p95", baseline, current };
    const fast = byKey(await scanSegmentsFast(t.h.db, s, setsOf()));
    const exact = byKey(await scanSegments(t.h.db, s, setsOf()));
    expectWithinSketchError(fast, exact);
  });

  test("a whole analysis with the cohort among its dimensions ranks the same candidates with the same figures as the traces give", async () => {
    const req = { projectId, metric: "error_rate" as const, baseline, current, dimensions: [cohort, "plan", "prompt_version", "model"] as Dimension[] };
    const fast = await expectSameAnalysis(req);
    expect(fast.candidates[0]).toMatchObject({ dimension: "prompt_version", value: "v3" });
  });

  test("a membership change at the cohort's refresh moves its users' traces at once, on the rollups as on the traces", async () => {
    const s: SegmentScan = { projectId, metric: "traces", baseline, current };
    const before = await scanSegmentsFast(t.h.db, s, [[cohort]]);
    // Half the members leave and others join; no rollup is recomputed.
    await updateCohort(t.h.db, projectId, cohortId, { definition: { static: Array.from({ length: 90 }, (_, i) => `u${i * 3 + 1}`) } });
    await refreshCohort(t.h.db, projectId, cohortId, new Date(now.getTime() + HOUR));
    const after = await scanSegmentsFast(t.h.db, s, [[cohort]]);
    expectSameRows(after, await scanSegments(t.h.db, s, [[cohort]]));
    expect(countsOf(after, "Early users")).toBeGreaterThan(countsOf(before, "Early users"));
    expect(countsOf(after, "Early users") + countsOf(after, "not in Early users")).toBe(countsOf(before, "Early users") + countsOf(before, "not in Early users"));
  });

  test("whole built days are read from the tier, not the traces: a trace deleted after its day was built counts until the job rebuilds the day", async () => {
    const s: SegmentScan = { projectId, metric: "traces", baseline, current };
    const [{ n }] = rowsOf<{ n: number }>(await t.h.db.execute(sql`select count(*)::int as n from root_cause_user_day_rollups where project_id = ${projectId}`));
    expect(n).toBeGreaterThan(0);
    const total = (rows: SegmentRow[]) => rows.filter((r) => r.current && r.dims.length === 1).reduce((a, r) => a + r.den, 0);
    const [gone] = rowsOf<{ n: number }>(await t.h.db.execute(sql`with d as (delete from traces where project_id = ${projectId} and timestamp >= ${currentFrom.toISOString()}::timestamptz
      and timestamp < ${new Date(currentFrom.getTime() + HOUR).toISOString()}::timestamptz returning 1) select count(*)::int as n from d`));
    expect(gone.n).toBeGreaterThan(0);
    const plain = total(await scanSegments(t.h.db, s, [[cohort]]));
    expect(total(await scanSegmentsFast(t.h.db, s, [[cohort]]))).toBe(plain + gone.n);
    // The pairs too, from the rows per user and value.
    const pairs = (rows: SegmentRow[]) => rows.filter((r) => r.current && r.dims.length === 2).reduce((a, r) => a + r.den, 0);
    const pairSets = [[cohort, "prompt_version"], [cohort, "meta:tier"]] as Dimension[][];
    const plainPairs = pairs(await scanSegments(t.h.db, s, pairSets));
    expect(pairs(await scanSegmentsFast(t.h.db, s, pairSets))).toBe(plainPairs + 2 * gone.n);
    // Event metrics likewise, from the per-user event tier.
    const messages: SegmentScan = { projectId, metric: "messages", baseline, current };
    const [ev] = rowsOf<{ n: number }>(await t.h.db.execute(sql`with d as (delete from events where project_id = ${projectId} and name = 'message_sent' and timestamp >= ${currentFrom.toISOString()}::timestamptz
      and timestamp < ${new Date(currentFrom.getTime() + HOUR).toISOString()}::timestamptz returning 1) select count(*)::int as n from d`));
    expect(ev.n).toBeGreaterThan(0);
    const plainMessages = total(await scanSegments(t.h.db, messages, [[cohort]]));
    expect(total(await scanSegmentsFast(t.h.db, messages, [[cohort]]))).toBe(plainMessages + ev.n);
    await recomputeSegmentRollups(t.h.db, projectId, currentFrom, current.to, now);
    expect(total(await scanSegmentsFast(t.h.db, messages, [[cohort]]))).toBe(plainMessages);
    expect(total(await scanSegmentsFast(t.h.db, s, [[cohort]]))).toBe(plain);
    expect(pairs(await scanSegmentsFast(t.h.db, s, pairSets))).toBe(plainPairs);
  });
});
