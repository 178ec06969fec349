// The root cause rollups fast path against the plain computation on generated data: per-segment figures (totals,
// every dimension, value pairs restricted to chosen values) and whole analyses are the same whether the hours come
// from the rollups, the traces, or a mix (windows not on whole hours, hours never rolled up, an hour rolled up while
// still open); change events' first-seen releases and prompt versions likewise. Every metric kind: sums and ratios
// (thumbs-down rate included), event metrics and metadata dimensions exactly; percentiles from the latency sketches,
// within their relative error and with the same top candidates as the exact scan. Whole days come from the daily tier
// (windows starting and ending mid-day: the edges from the hours), with the same figures as the hours give, for trace
// and event metrics alike. A late rating, and a trace or event arriving more than 48 h late, changes the answer (and
// drops the event day too).
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { seededDatabase } from "./support/fixtures";
import { seedIncident } from "./support/insights-incidents";
import { analyzeRootCause } from "@/lib/insights/root-cause/analyze";
import { EVENT_DIMENSIONS, TRACE_DIMENSIONS, type Dimension } from "@/lib/insights/root-cause/dimensions";
import { saveDimensionKeys } from "@/lib/insights/store/settings";
import { insertScores, scoreRow } from "@/lib/traces/store/scores";
import type { RootCauseMetricName } from "@/lib/insights/root-cause/metrics";
import { changeEventsAround } from "@/lib/insights/store/change-events";
import { recomputeSegmentRollups, refreshSegmentRollups, rollupsServe, scanSegmentsFast } from "@/lib/insights/store/segment-rollups";
import { scanSegments, type SegmentRow, type SegmentScan } from "@/lib/insights/store/segments";
import { buildDayRollups } from "@/lib/insights/store/day-rollups";
import { writeTraceData } from "@/lib/traces/store/write";
import { eventIngestType } from "@/lib/ingest/event-type";

const t = seededDatabase();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const currentFrom = new Date("2026-11-20T00:00:00Z");
const start = new Date(currentFrom.getTime() - 2 * DAY);
// Off the hour on purpose: the edges' partial hours come from the traces.
const baseline = { from: new Date(start.getTime() + 90 * 60_000), to: currentFrom };
const current = { from: currentFrom, to: new Date(currentFrom.getTime() + DAY - 20 * 60_000) };
const METRICS: RootCauseMetricName[] = ["error_rate", "cost", "tokens", "latency_mean", "traces", "thumbs_down_rate", "sessions", "messages", "event_error_rate", "feedback_down_rate"];
const EVENT_METRICS = new Set<RootCauseMetricName>(["sessions", "messages", "event_error_rate", "feedback_down_rate"]);
const PERCENTILES: RootCauseMetricName[] = ["latency_p95", "latency_p50", "latency_p99"];
/** A metadata key the project marks as a dimension (trace metadata; event property for event metrics). */
const TIER = "meta:tier" as Dimension;
const TRACE_DIMS = [...TRACE_DIMENSIONS, TIER] as Dimension[];
const EVENT_DIMS = [...EVENT_DIMENSIONS, TIER] as Dimension[];
const dimsOf = (m: RootCauseMetricName) => (EVENT_METRICS.has(m) ? EVENT_DIMS : TRACE_DIMS);
const DIMS = TRACE_DIMS;
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
    // A marked metadata key: on traces (tier t1 fails more in the current day through the incident's prompt version
    // v3 mostly living there) and on events; product events of every role, thumbs feedback included.
    await saveDimensionKeys(db, projectId, ["tier"]);
    await db.execute(sql`update traces set metadata = metadata || jsonb_build_object('tier', case when metadata->>'prompt_version' = 'v3' and abs(hashtext(id)) % 4 > 0 then 't1' else (array['t1','t2','t3'])[1 + abs(hashtext(id)) % 3] end) where project_id = ${projectId}`);
    await db.execute(sql`insert into events (project_id, id, user_id, name, timestamp, properties)
      select ${projectId}::uuid, 'e' || g, 'u' || (g % 300), (array['session_started','message_sent','message_sent','error','feedback','page_view'])[1 + g % 6],
        ${start.toISOString()}::timestamptz + (g * 97 % 259200) * interval '1 second',
        jsonb_build_object('tier', (array['t1','t2','t3'])[1 + g % 7 % 3]) || case when g % 6 = 4 then jsonb_build_object('thumbs', case when g % 5 = 0 or (g % 7 % 3 = 1 and g * 97 % 259200 >= 172800) then 'down' else 'up' end) else '{}'::jsonb end
      from generate_series(0, 5999) g`);
    for (const metric of METRICS) plainResults[metric] = await analyzeRootCause(db, { projectId, metric, baseline, current });
    for (const metric of PERCENTILES) plainResults[metric] = await analyzeRootCause(db, { projectId, metric, baseline, current, exact: true });
    plainResults.filtered = await analyzeRootCause(db, { projectId, metric: "error_rate", baseline, current, filters: [SERIES] });
    // Rolled up: most hours, after they closed; one hour rolled up while it was still open; the last hours never.
    await recomputeSegmentRollups(db, projectId, start, new Date(currentFrom.getTime() + 18 * HOUR), new Date(currentFrom.getTime() + 2 * DAY));
    const open = new Date(currentFrom.getTime() + 5 * HOUR);
    await recomputeSegmentRollups(db, projectId, open, new Date(open.getTime() + HOUR), new Date(open.getTime() + 30 * 60_000));
  }, 180_000);

  test("every metric the rollups serve: totals, each dimension and restricted value pairs match the plain scan", async () => {
    for (const metric of METRICS) {
      const s: SegmentScan = { projectId, metric, baseline, current };
      expect(rollupsServe(s, [dimsOf(metric)], ["tier"])).toBe(true);
      const singles = [[], ...dimsOf(metric).map((d) => [d])];
      expectSameRows(await scanSegmentsFast(t.h.db, s, singles), await scanSegments(t.h.db, s, singles));
      if (EVENT_METRICS.has(metric)) {
        const pairs: Dimension[][] = [["plan", "country"], [TIER, "plan"]];
        const only = new Map<Dimension, string[]>([[TIER, ["t1", "t3"]]]);
        expectSameRows(await scanSegmentsFast(t.h.db, s, pairs, only), await scanSegments(t.h.db, s, pairs, only));
        continue;
      }
      // Pairs asked in both orders, restricted as the analysis's second pass restricts them.
      const pairs: Dimension[][] = [["model", "environment"], ["prompt_version", "model"], ["observation", "release"], [TIER, "prompt_version"]];
      const only = new Map<Dimension, string[]>([["model", ["gpt-4o", "llama-3"]], ["prompt_version", ["v3", "v9"]], ["release", ["2026.11.3", "(none)"]]]);
      const fast = await scanSegmentsFast(t.h.db, s, pairs, only);
      expectSameRows(fast, await scanSegments(t.h.db, s, pairs, only));
      expect(fast.some((r) => r.dims.join() === "model,prompt_version" && r.values.join() === "gpt-4o,v3")).toBe(true);
    }
    // Rows really came from the rollups: both grains hold this project's hours, metadata key included.
    const [n] = rowsOf<{ t: number; e: number }>(await t.h.db.execute(sql`select (select count(*) from root_cause_rollups where project_id = ${projectId} and dim_a = 'meta:tier')::int as t,
      (select count(*) from root_cause_event_rollups where project_id = ${projectId} and dim_b = 'meta:tier')::int as e`));
    expect(n.t).toBeGreaterThan(0);
    expect(n.e).toBeGreaterThan(0);
  });

  test("percentiles from the latency sketches: the same segments and counts as the exact scan, exceedances and percentiles within the sketch's error", async () => {
    for (const metric of PERCENTILES) {
      const s: SegmentScan = { projectId, metric, baseline, current };
      const singles = [[], ...DIMS.map((d) => [d])];
      const fast = byKey(await scanSegmentsFast(t.h.db, s, singles));
      const exact = byKey(await scanSegments(t.h.db, s, singles));
      expect([...fast.keys()].sort()).toEqual([...exact.keys()].sort());
      for (const [k, e] of exact) {
        const f = fast.get(k)!;
        expect(f.den, k).toBe(e.den);
        // The threshold moves by at most one bucket (2%): the exceedances differ only by the traces that close to it.
        expect(Math.abs(f.num - e.num), k).toBeLessThanOrEqual(Math.max(3, 0.08 * e.den));
        if (e.quantile === null) expect(f.quantile).toBeNull();
        else expect(Math.abs(f.quantile! - e.quantile) / e.quantile, `${k} ${f.quantile} vs ${e.quantile}`).toBeLessThanOrEqual(0.05);
      }
      const analysis = await analyzeRootCause(t.h.db, { projectId, metric, baseline, current });
      // No latency incident is planted here (the accuracy bench and tests/insights-root-cause.test.ts plant them): the
      // change comes from the current day's tool-agent traces (800–919 ms, near the baseline median), which are
      // model (none) and observation sql/search at once; a threshold one bucket away reorders those near-ties.
      const top = (r: typeof analysis) => r.candidates.slice(0, 3).map((c) => `${c.dimension}=${c.value}`);
      expect(top(plainResults[metric])).toContain(top(analysis)[0]);
      expect(Math.abs(analysis.baseline.value! - plainResults[metric].baseline.value!) / plainResults[metric].baseline.value!).toBeLessThanOrEqual(0.02);
    }
  });

  test("a series filter: the total and every other dimension within the series match the plain scan", async () => {
    for (const metric of METRICS.filter((m) => !EVENT_METRICS.has(m))) {
      const s: SegmentScan = { projectId, metric, baseline, current, filters: [SERIES] };
      const singles = [[], ...DIMS.filter((d) => d !== "model").map((d) => [d])];
      expect(rollupsServe(s, singles, ["tier"])).toBe(true);
      const fast = await scanSegmentsFast(t.h.db, s, singles);
      expectSameRows(fast, await scanSegments(t.h.db, s, singles));
      const [all] = await scanSegments(t.h.db, { projectId, metric: "traces", baseline, current }, [["model"]]).then((rows) => rows.filter((r) => r.current && r.values[0] === "gpt-4o"));
      // (den counts traces, except the ratings' votes.)
      if (metric !== "thumbs_down_rate") expect(fast.find((r) => r.current && r.dims.length === 0)!.den).toBe(all.den);
      // The two-dimension pass within the series, from the triples.
      const pairs: Dimension[][] = [["prompt_version", "environment"], ["observation", "release"]];
      const only = new Map<Dimension, string[]>([["prompt_version", ["v3", "v9"]], ["release", ["2026.11.3", "(none)"]]]);
      expect(rollupsServe(s, pairs, ["tier"])).toBe(true);
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

  test("the daily tier: whole days of a window come from it, the edges from the hours, with the same figures as the hours alone", async () => {
    const db = t.h.db;
    const builtDays = async () => rowsOf<{ day: Date | string }>(await db.execute(sql`select day from root_cause_rollup_days where project_id = ${projectId} order by day`)).map((r) => new Date(r.day).toISOString());
    // Rolled up up to 18:00 of the current day: its two whole days before are built, the current day is not.
    expect(await builtDays()).toEqual([start.toISOString(), new Date(start.getTime() + DAY).toISOString()]);
    const windows = [
      { baseline, current }, // baseline from 01:30 of the first day: only the second day is whole
      { baseline: { from: start, to: currentFrom }, current }, // both days whole
      // Mid-day edges on both sides of two whole days (the first edge before any rollup), a mid-day current window.
      { baseline: { from: new Date(start.getTime() - 7.5 * HOUR), to: new Date(currentFrom.getTime() + 2.25 * HOUR) }, current: { from: new Date(currentFrom.getTime() + 6 * HOUR), to: new Date(currentFrom.getTime() + 17 * HOUR) } },
    ];
    const pairs: Dimension[][] = [["model", "environment"], [TIER, "prompt_version"]];
    const only = new Map<Dimension, string[]>([["model", ["gpt-4o", "llama-3"]], ["prompt_version", ["v3", "v9"]]]);
    const singles = [[], ...DIMS.map((d) => [d])];
    const sketches: SegmentRow[][] = [];
    for (const w of windows) {
      for (const metric of METRICS.filter((m) => !EVENT_METRICS.has(m))) {
        const s: SegmentScan = { projectId, metric, ...w };
        expectSameRows(await scanSegmentsFast(db, s, singles), await scanSegments(db, s, singles));
        expectSameRows(await scanSegmentsFast(db, s, pairs, only), await scanSegments(db, s, pairs, only));
        expectSameRows(await scanSegmentsFast(db, { ...s, filters: [SERIES] }, [["prompt_version", "environment"]], only), await scanSegments(db, { ...s, filters: [SERIES] }, [["prompt_version", "environment"]], only));
      }
      for (const metric of PERCENTILES) sketches.push(await scanSegmentsFast(db, { projectId, metric, ...w }, [...singles, ...pairs], only));
    }
    // Percentiles: merged sketches are exact merges, so days give what their 24 hours give, to the count and quantile.
    await db.execute(sql`delete from root_cause_rollup_days where project_id = ${projectId}`);
    let i = 0;
    for (const w of windows) {
      for (const metric of PERCENTILES) {
        const hourly = byKey(await scanSegmentsFast(db, { projectId, metric, ...w }, [...singles, ...pairs], only));
        const daily = byKey(sketches[i++]);
        expect([...daily.keys()].sort()).toEqual([...hourly.keys()].sort());
        for (const [k, r] of hourly) expect({ ...daily.get(k)! }, `${metric} ${k}`).toEqual({ ...r });
      }
    }
    expect(await buildDayRollups(db, projectId, start, currentFrom, ["tier"])).toBe(2);
    expect(await builtDays()).toEqual([start.toISOString(), new Date(start.getTime() + DAY).toISOString()]);
    // The days really are read: a change to a day's row shows in a window holding that whole day, not in one that does not.
    const dayTwo = new Date(start.getTime() + DAY).toISOString();
    const totalTraces = async (w: (typeof windows)[number]) => (await scanSegmentsFast(db, { projectId, metric: "traces", ...w }, [[]])).find((r) => !r.current)!.num;
    const before = await totalTraces(windows[1]);
    const firstDayOnly = { baseline: { from: start, to: new Date(start.getTime() + DAY) }, current };
    const beforeFirst = await totalTraces(firstDayOnly);
    await db.execute(sql`update root_cause_day_rollups set traces = traces + 1000 where project_id = ${projectId} and day = ${dayTwo}::timestamptz and dim_a = ''`);
    expect(await totalTraces(windows[1])).toBe(before + 1000);
    expect(await totalTraces(firstDayOnly)).toBe(beforeFirst);
    await db.execute(sql`update root_cause_day_rollups set traces = traces - 1000 where project_id = ${projectId} and day = ${dayTwo}::timestamptz and dim_a = ''`);
  }, 180_000);

  test("the event rollups' daily tier: whole days of event metrics come from it, with the same segments and answers as the hours and the raw events", async () => {
    const db = t.h.db;
    const dayTwo = new Date(start.getTime() + DAY).toISOString();
    const eventDays = async () => rowsOf<{ day: Date | string }>(await db.execute(sql`select distinct day from root_cause_event_day_rollups where project_id = ${projectId} order by day`)).map((r) => new Date(r.day).toISOString());
    // Built with the trace rows of the same days (rolled up to 18:00 of the current day: the two days before).
    expect(await eventDays()).toEqual([start.toISOString(), dayTwo]);
    const windows = [
      { baseline: { from: start, to: currentFrom }, current }, // both days whole
      { baseline, current }, // from 01:30 of the first day: only the second day whole
      { baseline: { from: new Date(start.getTime() - 7.5 * HOUR), to: new Date(currentFrom.getTime() + 2.25 * HOUR) }, current: { from: new Date(currentFrom.getTime() + 6 * HOUR), to: new Date(currentFrom.getTime() + 17 * HOUR) } },
    ];
    const singles = [[], ...EVENT_DIMS.map((d) => [d])];
    const pairs: Dimension[][] = [["plan", "country"], [TIER, "plan"]];
    const only = new Map<Dimension, string[]>([[TIER, ["t1", "t3"]]]);
    for (const w of windows) {
      for (const metric of METRICS.filter((m) => EVENT_METRICS.has(m))) {
        const s: SegmentScan = { projectId, metric, ...w };
        expectSameRows(await scanSegmentsFast(db, s, singles), await scanSegments(db, s, singles));
        expectSameRows(await scanSegmentsFast(db, s, pairs, only), await scanSegments(db, s, pairs, only));
      }
    }
    // Whole analyses over two whole days: from the days, from the hours alone (days dropped) and from the raw events.
    const same = (r: Awaited<ReturnType<typeof analyzeRootCause>>) => JSON.parse(JSON.stringify({ ...r, durationMs: 0 }), (_, v) => (typeof v === "number" ? +v.toPrecision(9) : v));
    const analyses = async (opts: { exact?: boolean } = {}) => {
      const out: Record<string, unknown> = {};
      for (const metric of METRICS.filter((m) => EVENT_METRICS.has(m))) out[metric] = same(await analyzeRootCause(db, { projectId, metric, ...windows[0], ...opts }));
      return out;
    };
    const fromDays = await analyses();
    expect(fromDays).toEqual(await analyses({ exact: true }));
    await db.execute(sql`delete from root_cause_rollup_days where project_id = ${projectId}`);
    expect(fromDays).toEqual(await analyses());
    expect(await buildDayRollups(db, projectId, start, currentFrom, ["tier"])).toBe(2);
    expect(await eventDays()).toEqual([start.toISOString(), dayTwo]);
    // The days really are read: a change to a day's event row shows in a window holding that whole day only.
    const messages = async (w: (typeof windows)[number]) => (await scanSegmentsFast(db, { projectId, metric: "messages", ...w }, [[]])).find((r) => !r.current)!.num;
    const firstDayOnly = { baseline: { from: start, to: new Date(start.getTime() + DAY) }, current };
    const [before, beforeFirst] = [await messages(windows[0]), await messages(firstDayOnly)];
    const bump = (n: number) => db.execute(sql`update root_cause_event_day_rollups set events = events + ${n} where project_id = ${projectId} and day = ${dayTwo}::timestamptz and dim_a = '' and name = 'message_sent' and thumbs = ''`);
    await bump(1000);
    expect(await messages(windows[0])).toBe(before + 1000);
    expect(await messages(firstDayOnly)).toBe(beforeFirst);
    await bump(-1000);
  }, 180_000);

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
  }, 180_000);

  test("what the rollups do not serve reads the raw rows: a metadata key not marked (or past the rolled-up ones), pairs within a non-series filter", () => {
    const s: SegmentScan = { projectId, metric: "error_rate", baseline, current };
    expect(rollupsServe(s, [["meta:tier"]], ["tier"])).toBe(true);
    expect(rollupsServe(s, [["meta:region"]], ["tier"])).toBe(false);
    expect(rollupsServe(s, [["meta:e"]], ["a", "b", "c", "d", "e"])).toBe(false);
    expect(rollupsServe({ ...s, filters: [{ dimension: "release", value: "2026.11.3" }] }, [["environment"]])).toBe(true);
    expect(rollupsServe({ ...s, filters: [{ dimension: "release", value: "2026.11.3" }] }, [["environment", "model"]])).toBe(false);
    expect(rollupsServe({ ...s, metric: "latency_p95" }, [["model"]])).toBe(true);
    expect(rollupsServe({ ...s, metric: "thumbs_down_rate" }, [["model"]])).toBe(true);
    expect(rollupsServe({ ...s, metric: "sessions" }, [["model"]])).toBe(false);
  });

  test("a late rating of a trace whose hour was rolled up changes the answer at once, and the job's next pass rolls it in", async () => {
    const db = t.h.db;
    const s: SegmentScan = { projectId, metric: "thumbs_down_rate", baseline, current };
    const hour = new Date(currentFrom.getTime() + 3 * HOUR);
    const total = async (f: typeof scanSegments) => (await f(db, s, [[]])).find((r) => r.current)!;
    const before = await total(scanSegmentsFast);
    const traceIds = rowsOf<{ id: string }>(await db.execute(sql`select id from traces where project_id = ${projectId} and timestamp >= ${hour.toISOString()}::timestamptz and timestamp < ${new Date(hour.getTime() + HOUR).toISOString()}::timestamptz order by id limit 5`)).map((r) => r.id);
    const covered = async () => Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from root_cause_rollup_hours where project_id = ${projectId} and hour = ${hour.toISOString()}::timestamptz and computed_at >= hour + interval '1 hour'`))[0].n);
    expect(await covered()).toBe(1);
    await insertScores(db, traceIds.map((traceId, i) => scoreRow(projectId, `late-${i}`, { traceId, name: "thumbs", value: false }, { source: "api", timestamp: new Date(currentFrom.getTime() + 3 * DAY) })));
    const after = await total(scanSegmentsFast);
    expect(after.den).toBe(before.den + 5);
    expect(after.num).toBe(before.num + 5);
    expectSameRows([after], [await total(scanSegments)]);
    // The hour is no longer read from the rollups; the job's gap pass recomputes it with the rating.
    expect(await covered()).toBe(0);
    await refreshSegmentRollups(db, projectId, new Date(currentFrom.getTime() + 4 * DAY));
    expect(await covered()).toBe(1);
    const [rolled] = rowsOf<{ votes: number }>(await db.execute(sql`select votes::float8 as votes from root_cause_rollups where project_id = ${projectId} and hour = ${hour.toISOString()}::timestamptz and dim_a = ''`));
    expect(rolled.votes).toBeGreaterThanOrEqual(5);
    expectSameRows([await total(scanSegmentsFast)], [await total(scanSegments)]);
  });

  test("a trace or a product event arriving more than 48 h late drops its hour and its day from the rollups at once; the job's next pass rolls it in", async () => {
    const db = t.h.db;
    const now = new Date(currentFrom.getTime() + 4 * DAY);
    await refreshSegmentRollups(db, projectId, now);
    const dayTwo = new Date(start.getTime() + DAY);
    const lateAt = new Date(dayTwo.getTime() + 5 * HOUR + 17 * 60_000);
    const state = async () => {
      const [r] = rowsOf<{ hour: number; day: number }>(await db.execute(sql`select
        (select count(*) from root_cause_rollup_hours where project_id = ${projectId} and hour = ${new Date(dayTwo.getTime() + 5 * HOUR).toISOString()}::timestamptz)::int as hour,
        (select count(*) from root_cause_rollup_days where project_id = ${projectId} and day = ${dayTwo.toISOString()}::timestamptz)::int as day`));
      return r;
    };
    expect(await state()).toEqual({ hour: 1, day: 1 });
    const w = { baseline: { from: start, to: currentFrom }, current };
    const s: SegmentScan = { projectId, metric: "error_rate", ...w };
    const before = (await scanSegmentsFast(db, s, [[]])).find((r) => !r.current)!;
    // Written today (the ingest merge's write): 5 failing traces of the second day, long after it was rolled up.
    const at = (i: number) => new Date(lateAt.getTime() + i * 1000);
    await writeTraceData(
      db,
      Array.from({ length: 5 }, (_, i) => ({ projectId, id: `late-${i}`, name: "late-agent", environment: "production", timestamp: at(i), hasRoot: true })),
      Array.from({ length: 5 }, (_, i) => ({ projectId, traceId: `late-${i}`, id: `late-${i}-g`, type: "generation", name: "answer", startTime: at(i), endTime: new Date(at(i).getTime() + 900), level: "ERROR" as const, model: "gpt-4o" })),
    );
    expect(await state()).toEqual({ hour: 0, day: 0 });
    const after = (await scanSegmentsFast(db, s, [[]])).find((r) => !r.current)!;
    expect(after.den).toBe(before.den + 5);
    expect(after.num).toBe(before.num + 5);
    expectSameRows(await scanSegmentsFast(db, s, [[], ...DIMS.map((d) => [d])]), await scanSegments(db, s, [[], ...DIMS.map((d) => [d])]));
    await refreshSegmentRollups(db, projectId, now);
    expect(await state()).toEqual({ hour: 1, day: 1 });
    expectSameRows(await scanSegmentsFast(db, s, [[], ...DIMS.map((d) => [d])]), await scanSegments(db, s, [[], ...DIMS.map((d) => [d])]));

    // A product event of that day, sent today through the event ingest type: the same.
    const m: SegmentScan = { projectId, metric: "messages", ...w };
    const messages = async () => (await scanSegmentsFast(db, m, [[]])).find((r) => !r.current)!.num;
    const beforeEvents = await messages();
    const eventDayRows = async () => Number(rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from root_cause_event_day_rollups where project_id = ${projectId} and day = ${dayTwo.toISOString()}::timestamptz`))[0].n);
    expect(await eventDayRows()).toBeGreaterThan(0);
    await eventIngestType.write(db, projectId, [{ id: "late-event", timestamp: new Date(), body: { name: "message_sent", userId: "u1", timestamp: lateAt, properties: { tier: "t2" } } }]);
    expect(await state()).toEqual({ hour: 0, day: 0 });
    expect(await eventDayRows()).toBe(0);
    expect(await messages()).toBe(beforeEvents + 1);
    expectSameRows(await scanSegmentsFast(db, m, [[], ...EVENT_DIMS.map((d) => [d])]), await scanSegments(db, m, [[], ...EVENT_DIMS.map((d) => [d])]));
    // The job's next pass rebuilds the day, the late event in it.
    await refreshSegmentRollups(db, projectId, now);
    expect(await state()).toEqual({ hour: 1, day: 1 });
    expect(await eventDayRows()).toBeGreaterThan(0);
    expect(await messages()).toBe(beforeEvents + 1);
    expectSameRows(await scanSegmentsFast(db, m, [[], ...EVENT_DIMS.map((d) => [d])]), await scanSegments(db, m, [[], ...EVENT_DIMS.map((d) => [d])]));
    // Recent data (inside the 48 h the job recomputes anyway) leaves the rollups alone.
    const recent = new Date(Date.now() - 3 * HOUR);
    await refreshSegmentRollups(db, projectId, now);
    await eventIngestType.write(db, projectId, [{ id: "recent-event", timestamp: new Date(), body: { name: "message_sent", timestamp: recent } }]);
    expect(await state()).toEqual({ hour: 1, day: 1 });
  });
});
