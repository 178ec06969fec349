// The Costs board past hot retention: once the nightly export has written the trace and call summaries, a range that
// reaches days past hot retention reads them from the warm tier (DuckDB) with the same figures the hot tables gave,
// before and after retention removed the hot rows: totals, by model (percentiles included), by day, top users and
// traces, sampled-out calls, and a cohort's subset.
import { expect, test } from "vitest";
import { eq, sql } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { ensureProject } from "@/lib/bootstrap/ensure";
import { temporaryWarehouse } from "./support/warehouse";
import { rounded, seedTraceHistory } from "./support/trace-history";
import { cohortMembers, cohorts, projects, traces } from "@/db/schema";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { costByProjectAcrossTiers } from "@/lib/traces/cost-report";
import { costByProject } from "@/lib/traces/store/costs";
import { duckDbConnectionsOpened } from "@/lib/warehouse/duckdb";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { GET as costsGet } from "@/app/api/v1/costs/route";

const t = seededDatabase();
const warehouse = temporaryWarehouse("prism-costs");

test("past hot retention, Costs reads the warm tier with the same figures as the hot tables", { timeout: 180_000 }, async () => {
  const projectId = t.org.project.id;
  const now = new Date();
  await seedTraceHistory(t.h.db, projectId, now, 12);
  const [cohort] = await t.h.db.insert(cohorts).values({ projectId, name: "a and c", definition: { kind: "list", userIds: ["user-a", "user-c"] } } as typeof cohorts.$inferInsert).returning();
  await t.h.db.insert(cohortMembers).values(["user-a", "user-c"].map((userId) => ({ projectId, cohortId: cohort.id, userId })));
  const board = async (q: string) => {
    const res = await call(costsGet, `/api/v1/costs?${q}`, { headers: bearer(t.org.apiKey.secretKey) });
    expect(res.status).toBe(200);
    return rounded(res.json);
  };
  // A fixed window (the route's presets end at the wall clock, which moves between the three reads).
  const range = `from=${new Date(now.getTime() - 30 * 86_400_000).toISOString()}&to=${now.toISOString()}`;
  const queries = [range, `${range}&compare=previous`, `${range}&cohort=${cohort.id}`];
  const hot = await Promise.all(queries.map(board));
  // The organization's "By project" table over the same window (a second project, hot only, stays as the hot SQL says).
  const second = await ensureProject(t.h.db, t.org.org.id, "Second");
  await seedTraceHistory(t.h.db, second.id, now, 3);
  const bounds = { from: new Date(now.getTime() - 30 * 86_400_000), to: now };
  const byProjectHot = rounded(await costByProject(t.h.db, t.org.org.id, bounds));
  expect((byProjectHot as { calls: number }[]).every((r) => r.calls > 0)).toBe(true);
  const duck = duckDbConnectionsOpened();
  expect(rounded(await costByProjectAcrossTiers(t.h.db, t.org.org.id, bounds, now))).toEqual(byProjectHot);
  expect(duckDbConnectionsOpened()).toBe(duck);
  // One sampled-out call a day (today's only once its hour has passed).
  expect((hot[0] as { totals: { calls: number; sampledCalls: number } }).totals.sampledCalls).toBeGreaterThanOrEqual(12);

  await t.h.db.update(projects).set({ warmTier: true }).where(eq(projects.id, projectId));
  await exportProjectTiers(t.h.db, projectId, { now, root: warehouse.dir() });
  // Hot retention 4 days: older days now come from the warm files, although their hot rows are still there.
  await t.h.db.update(projects).set({ retentionDays: 4 }).where(eq(projects.id, projectId));
  expect(await Promise.all(queries.map(board))).toEqual(hot);
  expect(rounded(await costByProjectAcrossTiers(t.h.db, t.org.org.id, bounds, now))).toEqual(byProjectHot);
  expect(duckDbConnectionsOpened()).toBeGreaterThan(duck);

  // Retention removes those days from the hot tables; the board does not change.
  const [moved] = await enforceRetention(t.h.db, now, 1000, projectId);
  expect(moved.tracesDeleted).toBeGreaterThan(10);
  expect(moved.sampledTracesDeleted).toBeGreaterThan(5);
  const oldest = await t.h.db.select({ min: sql<string>`min(${traces.timestamp})` }).from(traces).where(eq(traces.projectId, projectId));
  expect(Date.parse(oldest[0].min)).toBeGreaterThan(now.getTime() - 6 * 86_400_000);
  expect(await Promise.all(queries.map(board))).toEqual(hot);
  // The hot SQL now misses the removed days; the table across the tiers still has them.
  expect(rounded(await costByProjectAcrossTiers(t.h.db, t.org.org.id, bounds, now))).toEqual(byProjectHot);
  expect(rounded(await costByProject(t.h.db, t.org.org.id, bounds))).not.toEqual(byProjectHot);
});
