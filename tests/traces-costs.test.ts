import { expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { seededDatabase, seedOrg } from "./support/fixtures";
import { rowsOf } from "@/db/client";
import { seedDemoTraces } from "@/lib/demo/traces";
import { costBoard, costByProject, costRangeBounds, partialDays } from "@/lib/traces/store/costs";
import { ensureProject } from "@/lib/bootstrap/ensure";
import { trackLlmCall } from "@/lib/telemetry";

const t = seededDatabase();
const anchor = new Date("2026-11-20T12:00:00Z");

const rows = (result: unknown) => rowsOf<Record<string, unknown>>(result);
/** Linear interpolation between closest ranks, as PostgreSQL's percentile_cont. */
function percentileCont(sorted: number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

test("the cost board equals raw SQL sums over the seeded traces", async () => {
  await seedDemoTraces(t.h.db, t.org.project.id, { seed: 11, anchor });
  const bounds = costRangeBounds("7d", anchor);
  const board = await costBoard(t.h.db, t.org.project.id, bounds);
  const p = t.org.project.id;
  // Prism's own traces (environment prism-internal, e.g. from the next test) are not the product's cost.
  const internal = sql`(select id from traces where project_id = ${p} and environment = 'prism-internal')`;
  const where = sql`project_id = ${p} and type in ('generation', 'embedding') and trace_id not in ${internal} and start_time >= ${bounds.from.toISOString()}::timestamptz and start_time < ${bounds.to.toISOString()}::timestamptz`;

  const raw = rows(await t.h.db.execute(sql`select model, usage_input, usage_output, cost_total, level, start_time, end_time from observations where ${where}`));
  expect(raw.length).toBeGreaterThan(50);
  const [total] = rows(await t.h.db.execute(sql`select count(*)::int as n, sum(cost_total)::float8 as cost from observations where ${where}`));
  expect(board.totals.calls).toBe(Number(total.n));
  expect(board.totals.cost).toBeCloseTo(Number(total.cost), 9);
  expect(board.totals.cost).toBeGreaterThan(0);

  expect(board.byModel.length).toBeGreaterThanOrEqual(3);
  for (const m of board.byModel) {
    const own = raw.filter((r) => (r.model ?? "(unknown)") === m.model);
    expect(m.calls).toBe(own.length);
    expect(m.inputTokens).toBe(own.reduce((s, r) => s + Number(r.usage_input ?? 0), 0));
    expect(m.outputTokens).toBe(own.reduce((s, r) => s + Number(r.usage_output ?? 0), 0));
    expect(m.cost).toBeCloseTo(own.reduce((s, r) => s + Number(r.cost_total ?? 0), 0), 9);
    expect(m.errors).toBe(own.filter((r) => r.level === "ERROR").length);
    const durations = own.filter((r) => r.end_time).map((r) => new Date(r.end_time as string).getTime() - new Date(r.start_time as string).getTime()).sort((a, b) => a - b);
    expect(m.p50Ms!).toBeCloseTo(percentileCont(durations, 0.5), 3);
    expect(m.p95Ms!).toBeCloseTo(percentileCont(durations, 0.95), 3);
    expect(m.p99Ms!).toBeCloseTo(percentileCont(durations, 0.99), 3);
  }
  expect(board.byModel.reduce((s, m) => s + m.errors, 0)).toBeGreaterThan(0);

  // By day: each day's calls and cost, and the days add up to the totals.
  expect(board.byDay.length).toBeGreaterThanOrEqual(7);
  for (const d of board.byDay) {
    const own = raw.filter((r) => new Date(r.start_time as string).toISOString().slice(0, 10) === d.day);
    expect(d.calls).toBe(own.length);
    expect(d.cost).toBeCloseTo(own.reduce((s, r) => s + Number(r.cost_total ?? 0), 0), 9);
  }

  const userSums = rows(await t.h.db.execute(sql`
    select user_id, count(*)::int as n, sum(total_cost)::float8 as cost from traces
    where project_id = ${p} and environment <> 'prism-internal' and user_id is not null and timestamp >= ${bounds.from.toISOString()}::timestamptz and timestamp < ${bounds.to.toISOString()}::timestamptz
    group by user_id order by sum(total_cost) desc, user_id limit 10`));
  expect(board.topUsers.map((u) => u.userId)).toEqual(userSums.map((u) => String(u.user_id)));
  board.topUsers.forEach((u, i) => {
    expect(u.traces).toBe(Number(userSums[i].n));
    expect(u.cost).toBeCloseTo(Number(userSums[i].cost), 9);
  });

  const [maxTrace] = rows(await t.h.db.execute(sql`
    select id, total_cost from traces where project_id = ${p} and environment <> 'prism-internal' and timestamp >= ${bounds.from.toISOString()}::timestamptz and timestamp < ${bounds.to.toISOString()}::timestamptz
    order by total_cost desc, id limit 1`));
  expect(board.topTraces).toHaveLength(10);
  expect(board.topTraces[0].id).toBe(String(maxTrace.id));
  expect(board.topTraces[0].totalCost).toBeCloseTo(Number(maxTrace.total_cost), 12);
});

test("Prism's own LLM calls are not counted as the product's cost", async () => {
  const bounds = costRangeBounds("7d", anchor);
  const before = await costBoard(t.h.db, t.org.project.id, bounds);
  const at = anchor.getTime() - 3_600_000;
  await trackLlmCall(t.h.db, t.org.project.id, { provider: "openai", model: "gpt-4o" }, async () => ({ text: "x", inputTokens: 10_000, outputTokens: 1_000 }), { now: () => at });
  expect(await costBoard(t.h.db, t.org.project.id, bounds)).toEqual(before);
});

test("an empty range is honest: no rows, zero totals", async () => {
  const board = await costBoard(t.h.db, t.org.project.id, { from: new Date("2000-01-01"), to: new Date("2000-01-02") });
  expect(board).toMatchObject({ totals: { calls: 0, tokens: 0, cost: 0, errors: 0 }, byModel: [], byDay: [], topUsers: [], topTraces: [] });
});

test("by project: every project of the organization with its own totals, and nothing from other organizations", async () => {
  const bounds = costRangeBounds("7d", anchor);
  const mine = await seedOrg(t.h.db); // an organization of its own, whatever the other tests stored in the shared one
  await seedDemoTraces(t.h.db, mine.project.id, { seed: 11, anchor });
  const second = await ensureProject(t.h.db, mine.org.id, "Second");
  const empty = await ensureProject(t.h.db, mine.org.id, "Empty");
  await seedDemoTraces(t.h.db, second.id, { seed: 12, anchor });
  const other = await seedOrg(t.h.db);
  await seedDemoTraces(t.h.db, other.project.id, { seed: 13, anchor });

  const rowsByProject = await costByProject(t.h.db, mine.org.id, bounds);
  expect(rowsByProject.map((r) => r.name).sort()).toEqual(["Empty", "Main", "Second"]);
  for (const r of rowsByProject.filter((x) => x.projectId !== empty.id)) {
    const [raw] = rows(await t.h.db.execute(sql`
      select count(*)::int as n, sum(o.cost_total)::float8 as cost, count(*) filter (where o.level = 'ERROR')::int as errors
      from observations o join traces tr on tr.project_id = o.project_id and tr.id = o.trace_id
      where o.project_id = ${r.projectId} and o.type in ('generation', 'embedding') and tr.environment <> 'prism-internal'
        and o.start_time >= ${bounds.from.toISOString()}::timestamptz and o.start_time < ${bounds.to.toISOString()}::timestamptz`));
    expect(r.calls).toBe(Number(raw.n));
    expect(r.calls).toBeGreaterThan(0);
    expect(r.cost).toBeCloseTo(Number(raw.cost), 9);
    expect(r.errors).toBe(Number(raw.errors));
    // The same figures as that project's own board.
    const board = await costBoard(t.h.db, r.projectId, bounds);
    expect(r).toMatchObject({ calls: board.totals.calls, tokens: board.totals.tokens, errors: board.totals.errors });
    expect(r.cost).toBeCloseTo(board.totals.cost, 9);
  }
  expect(rowsByProject.find((r) => r.projectId === empty.id)).toEqual({ projectId: empty.id, name: "Empty", calls: 0, tokens: 0, cost: 0, p95Ms: null, errors: 0, errorRate: 0, sampledCalls: 0 });
  expect(rowsByProject[0].cost).toBeGreaterThanOrEqual(rowsByProject[1].cost);
  expect((await costByProject(t.h.db, other.org.id, bounds)).map((r) => r.name)).toEqual(["Main"]);
});

test("the days a cost range covers only in part are named, so their bars are drawn lighter", () => {
  const now = new Date("2026-12-05T09:30:00Z");
  expect(partialDays(costRangeBounds("7d", now))).toEqual(["2026-11-28", "2026-12-05"]);
  // A range from and to midnight covers every day whole.
  expect(partialDays({ from: new Date("2026-11-28T00:00:00Z"), to: new Date("2026-12-05T00:00:00Z") })).toEqual([]);
  // 24h ending mid-day: yesterday and today, each in part.
  expect(partialDays(costRangeBounds("24h", now))).toEqual(["2026-12-04", "2026-12-05"]);
});

test("users with equal cost rank by user id, whatever the last bits of their float sums (the warm board ranks the same way)", async () => {
  const mine = await seedOrg(t.h.db);
  const p = mine.project.id;
  const at = new Date(anchor.getTime() - 3_600_000).toISOString();
  // user-b's 0.1 + 0.2 sums to 0.30000000000000004 in floating point, user-a's single trace is 0.3: the same cost.
  for (const [id, user, cost] of [["tie-1", "user-b", 0.1], ["tie-2", "user-b", 0.2], ["tie-3", "user-a", 0.3]] as const) {
    await t.h.db.execute(sql`insert into traces (project_id, id, name, user_id, timestamp, total_cost) values (${p}, ${id}, 'chat', ${user}, ${at}::timestamptz, ${cost})`);
  }
  const board = await costBoard(t.h.db, p, costRangeBounds("7d", anchor));
  expect(board.topUsers.map((u) => u.userId)).toEqual(["user-a", "user-b"]);
});
