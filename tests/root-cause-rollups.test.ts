// The root cause rollups fast path against the plain computation on generated data: per-segment figures (totals,
// every dimension, value pairs restricted to chosen values) and whole analyses are the same whether the hours come
// from the rollups, the traces, or a mix (windows not on whole hours, hours never rolled up, an hour rolled up while
// still open); change events' first-seen releases and prompt versions likewise.
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { seededDatabase } from "./support/fixtures";
import { seedIncident } from "./support/insights-incidents";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import { TRACE_DIMENSIONS, type Dimension } from "@/lib/insights/root-cause/dimensions";
import type { RootCauseMetricName } from "@/lib/insights/root-cause/metrics";
import { changeEventsAround } from "@/lib/insights/store/change-events";
import { recomputeSegmentRollups, refreshSegmentRollups, rollupsServe, scanSegmentsFast } from "@/lib/insights/store/segment-rollups";
import { scanSegments, type SegmentRow, type SegmentScan } from "@/lib/insights/store/segments";

const t = seededDatabase();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const currentFrom = new Date("2026-11-20T00:00:00Z");
const start = new Date(currentFrom.getTime() - 2 * DAY);
// Off the hour on purpose: the edges' partial hours come from the traces.
const baseline = { from: new Date(start.getTime() + 90 * 60_000), to: currentFrom };
const current = { from: currentFrom, to: new Date(currentFrom.getTime() + DAY - 20 * 60_000) };
const METRICS: RootCauseMetricName[] = ["error_rate", "cost", "tokens", "latency_mean", "traces"];
const DIMS = [...TRACE_DIMENSIONS] as Dimension[];
let projectId = "";
/** An anomaly's series: the analysis stays within it. */
const SERIES = { dimension: "model" as Dimension, value: "gpt-4o" };

const byKey = (rows: SegmentRow[]) => new Map(rows.map((r) => [`${r.current}|${r.dims.join(",")}|${r.values.join(",")}`, r]));

function expectSameRows(fast: SegmentRow[], plain: SegmentRow[]) {
  const f = byKey(fast), p = byKey(plain);
  expect([...f.keys()].sort()).toEqual([...p.keys()].sort());
  for (const [k, r] of p) {
    const g = f.get(k)!;
    for (const field of ["num", "den", "num2", "den2", "numDen"] as const) {
      expect(Math.abs(g[field] - r[field]), `${k} ${field}: ${g[field]} vs ${r[field]}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r[field])));
    }
  }
}

describe("root cause rollups", () => {
  const plainResults: Record<string, Awaited<ReturnType<typeof analyzeRootCause>>> = {};
  beforeAll(async () => {
    projectId = t.org.project.id;
    const db = t.h.db;
    await seedIncident(db, projectId, { kind: "error_rate", segment: { prompt_version: "v3" } }, { currentFrom, baselineDays: 2, perDay: 400, seed: 5 });
    // Traces the generator never makes: a first tool call, no release, no latency, a release and a prompt
    // version first seen inside the current window.
    await db.execute(sql`insert into traces (project_id, id, name, user_id, environment, release, timestamp, has_root, metadata, total_tokens, total_cost, latency_ms, level)
      select ${projectId}::uuid, 'x' || g, 'tool-agent', 'u' || (g % 300), 'production', case when g % 4 = 1 then null else '2026.11.3' end,
        ${currentFrom.toISOString()}::timestamptz + (g * 7 + 5) * interval '1 minute', true,
        case when g % 2 = 0 then '{"prompt_version":"v9"}'::jsonb else '{}'::jsonb end, 700 + g % 4, 0.004 * (1 + g % 4),
        case when g % 5 = 0 then null else 800 + g end, case when g % 7 = 0 then 'ERROR' else 'DEFAULT' end
      from generate_series(0, 119) g`);
    await db.execute(sql`insert into observations (project_id, trace_id, id, type, name, start_time, model)
      select project_id, id, id || '-t', 'tool', case when substr(id, 2)::int % 3 = 0 then 'search' else 'sql' end, timestamp + interval '1 second', null from traces
      where project_id = ${projectId} and id like 'x%'`);
    for (const metric of METRICS) plainResults[metric] = await analyzeRootCause(db, { projectId, metric, baseline, current });
    plainResults.filtered = await analyzeRootCause(db, { projectId, metric: "error_rate", baseline, current, filters: [SERIES] });
    // Rolled up: most hours, after they closed; one hour rolled up while it was still open; the last hours never.
    await recomputeSegmentRollups(db, projectId, start, new Date(currentFrom.getTime() + 18 * HOUR), new Date(currentFrom.getTime() + 2 * DAY));
    const open = new Date(currentFrom.getTime() + 5 * HOUR);
    await recomputeSegmentRollups(db, projectId, open, new Date(open.getTime() + HOUR), new Date(open.getTime() + 30 * 60_000));
  });

  test("every metric the rollups serve: totals, each dimension and restricted value pairs match the plain scan", async () => {
    for (const metric of METRICS) {
      const s: SegmentScan = { projectId, metric, baseline, current };
      expect(rollupsServe(s, [DIMS])).toBe(true);
      const singles = [[], ...DIMS.map((d) => [d])];
      expectSameRows(await scanSegmentsFast(t.h.db, s, singles), await scanSegments(t.h.db, s, singles));
      // Pairs asked in both orders, restricted as the analysis's second pass restricts them.
      const pairs: Dimension[][] = [["model", "environment"], ["prompt_version", "model"], ["observation", "release"]];
      const only = new Map<Dimension, string[]>([["model", ["gpt-4o", "llama-3"]], ["prompt_version", ["v3", "v9"]], ["release", ["2026.11.3", "(none)"]]]);
      const fast = await scanSegmentsFast(t.h.db, s, pairs, only);
      expectSameRows(fast, await scanSegments(t.h.db, s, pairs, only));
      expect(fast.some((r) => r.dims.join() === "model,prompt_version" && r.values.join() === "gpt-4o,v3")).toBe(true);
    }
  });

  test("a series filter: the total and every other dimension within the series match the plain scan", async () => {
    for (const metric of METRICS) {
      const s: SegmentScan = { projectId, metric, baseline, current, filters: [SERIES] };
      const singles = [[], ...DIMS.filter((d) => d !== "model").map((d) => [d])];
      expect(rollupsServe(s, singles)).toBe(true);
      const fast = await scanSegmentsFast(t.h.db, s, singles);
      expectSameRows(fast, await scanSegments(t.h.db, s, singles));
      const [all] = await scanSegments(t.h.db, { projectId, metric: "traces", baseline, current }, [["model"]]).then((rows) => rows.filter((r) => r.current && r.values[0] === "gpt-4o"));
      expect(fast.find((r) => r.current && r.dims.length === 0)!.den).toBe(all.den);
      // The two-dimension pass within the series, from the triples.
      const pairs: Dimension[][] = [["prompt_version", "environment"], ["observation", "release"]];
      const only = new Map<Dimension, string[]>([["prompt_version", ["v3", "v9"]], ["release", ["2026.11.3", "(none)"]]]);
      expect(rollupsServe(s, pairs)).toBe(true);
      expectSameRows(await scanSegmentsFast(t.h.db, s, pairs, only), await scanSegments(t.h.db, s, pairs, only));
    }
  });

  test("whole analyses rank the same candidates with the same figures as before the rollups existed", async () => {
    for (const metric of [...METRICS, "filtered"]) {
      const fast = await analyzeRootCause(t.h.db, { projectId, metric: metric === "filtered" ? "error_rate" : (metric as RootCauseMetricName), baseline, current, ...(metric === "filtered" ? { filters: [SERIES] } : {}) });
      const plain = plainResults[metric];
      const strip = (r: typeof fast) => ({ ...r, durationMs: 0 });
      expect(JSON.parse(JSON.stringify(strip(fast)), (_, v) => (typeof v === "number" ? +v.toPrecision(9) : v))).toEqual(
        JSON.parse(JSON.stringify(strip(plain)), (_, v) => (typeof v === "number" ? +v.toPrecision(9) : v)),
      );
    }
    expect(plainResults.error_rate.candidates[0]).toMatchObject({ dimension: "prompt_version", value: "v3" });
  });

  test("covered hours are read from the rollups, not the traces: a trace deleted after its hour was rolled up still counts until the next refresh", async () => {
    const db = t.h.db;
    const s: SegmentScan = { projectId, metric: "traces", baseline, current };
    const total = async (f: typeof scanSegments) => (await f(db, s, [[]])).reduce((a, r) => a + r.num, 0);
    const before = await total(scanSegments);
    const [victim] = rowsOf<{ id: string }>(await db.execute(sql`select id from traces where project_id = ${projectId} and timestamp >= ${new Date(currentFrom.getTime() + 2 * HOUR).toISOString()}::timestamptz and timestamp < ${new Date(currentFrom.getTime() + 3 * HOUR).toISOString()}::timestamptz limit 1`));
    await db.execute(sql`delete from traces where project_id = ${projectId} and id = ${victim.id}`);
    expect(await total(scanSegments)).toBe(before - 1);
    expect(await total(scanSegmentsFast)).toBe(before);
    await recomputeSegmentRollups(db, projectId, new Date(currentFrom.getTime() + 2 * HOUR), new Date(currentFrom.getTime() + 3 * HOUR), new Date(currentFrom.getTime() + 2 * DAY));
    expect(await total(scanSegmentsFast)).toBe(before - 1);
  });

  test("change events: releases and prompt versions first seen in the window, at their first trace's time, with or without rollups", async () => {
    const window = { from: currentFrom, to: current.to };
    const events = (await changeEventsAround(t.h.db, projectId, window)).filter((e) => e.kind === "release" || e.kind === "prompt_version");
    const firsts = rowsOf<{ release: Date | string; v9: Date | string }>(
      await t.h.db.execute(sql`select min(timestamp) filter (where release = '2026.11.3') as release, min(timestamp) filter (where metadata->>'prompt_version' = 'v9') as v9 from traces where project_id = ${projectId}`),
    )[0];
    expect(events.map((e) => ({ kind: e.kind, label: e.label, at: e.at }))).toEqual([
      { kind: "release", label: "2026.11.3", at: new Date(firsts.release).toISOString() },
      { kind: "prompt_version", label: "v9", at: new Date(firsts.v9).toISOString() },
    ].sort((a, b) => a.at.localeCompare(b.at) || a.kind.localeCompare(b.kind)));
    // Nothing rolled up in a window: the same events from the traces alone.
    const later = { from: new Date(currentFrom.getTime() + 30 * DAY), to: new Date(currentFrom.getTime() + 31 * DAY) };
    expect(await changeEventsAround(t.h.db, projectId, later)).toEqual([]);
  });

  test("the job's refresh rolls up closed hours only: the hour still open is left to the traces", async () => {
    const db = t.h.db;
    const now = new Date(currentFrom.getTime() + DAY + 30 * 60_000);
    await refreshSegmentRollups(db, projectId, now);
    const hours = rowsOf<{ hour: Date | string; closed: boolean }>(
      await db.execute(sql`select hour, computed_at >= hour + interval '1 hour' as closed from root_cause_rollup_hours where project_id = ${projectId} and hour >= ${new Date(currentFrom.getTime() + 20 * HOUR).toISOString()}::timestamptz order by hour`),
    );
    expect(hours.map((h) => [new Date(h.hour).getTime() - currentFrom.getTime(), h.closed])).toEqual([
      [20 * HOUR, true], [21 * HOUR, true], [22 * HOUR, true], [23 * HOUR, true], [24 * HOUR, false],
    ]);
    const s: SegmentScan = { projectId, metric: "error_rate", baseline, current };
    expectSameRows(await scanSegmentsFast(db, s, [[], ...DIMS.map((d) => [d])]), await scanSegments(db, s, [[], ...DIMS.map((d) => [d])]));
  });

  test("metadata dimensions, pairs within a non-series filter, percentiles and ratings are not in the rollups: those scans read the traces", () => {
    const s: SegmentScan = { projectId, metric: "error_rate", baseline, current };
    expect(rollupsServe(s, [["meta:tier"]])).toBe(false);
    expect(rollupsServe({ ...s, filters: [{ dimension: "release", value: "2026.11.3" }] }, [["environment"]])).toBe(true);
    expect(rollupsServe({ ...s, filters: [{ dimension: "release", value: "2026.11.3" }] }, [["environment", "model"]])).toBe(false);
    expect(rollupsServe({ ...s, metric: "latency_p95" }, [["model"]])).toBe(false);
    expect(rollupsServe({ ...s, metric: "thumbs_down_rate" }, [["model"]])).toBe(false);
  });
});
