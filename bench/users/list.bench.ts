// The Users list at scale: p95 of a listUsers page for every sort and order, unfiltered and with each filter (the
// Users page's 7-day window, a search, a cohort of every tenth user, high churn risk), and a page 20 pages deep, each
// against a baseline read of the same page size by primary key in the same run. Data: bench/users/list-data.ts.
// BENCH_USERS (default 200,000; the target is 1M users with p95 < 100 ms on PostgreSQL); BENCH_RUNS (20);
// DATABASE_URL for PostgreSQL; BENCH_VACUUM=0 analyzes the generated tables without vacuuming them (as runs before
// 2026-12-06 09:00 did: autovacuum then sets the visibility map at some point of the run).
import { sql } from "drizzle-orm";
import { benchProject, openScratchDb } from "../scratch-db";
import { timeRuns } from "../timing";
import { insertListUsers, LIST_NOW } from "./list-data";
import { listUsers, USER_SORTS, userListQuerySchema } from "@/lib/users/store/list-users";

const N = Number(process.env.BENCH_USERS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WEEK = { from: new Date(LIST_NOW.getTime() - 7 * 86_400_000), to: LIST_NOW };

export default async function usersListBench() {
  const h = await openScratchDb("users");
  const db = h.db;
  const { project } = await benchProject(db);
  const p = project.id;
  const { cohortId } = await insertListUsers(db, p, N, { vacuum: process.env.BENCH_VACUUM !== "0" });
  const q = (raw: Record<string, string>) => userListQuerySchema.parse(raw);
  // The filters of the list, one at a time: [query, window].
  const filters: Record<string, [Record<string, string>, typeof WEEK | undefined]> = {
    none: [{}, undefined],
    week: [{}, WEEK],
    searchRare: [{ search: "0012345" }, undefined],
    searchCommonTrigrams: [{ search: "user_00012" }, undefined],
    cohort: [{ cohort: cohortId }, undefined],
    highRisk: [{ risk: "high" }, undefined],
  };
  const baseline = await timeRuns(RUNS, () => db.execute(sql`select user_id from end_users where project_id = ${p} order by user_id limit 51`));
  const ratio = (x: { p95Ms: number }) => +(x.p95Ms / baseline.p95Ms).toFixed(2);
  const pages: Record<string, Record<string, { p50Ms: number; p95Ms: number; p95VsBaseline: number }>> = {};
  let worst = { page: "", p95Ms: 0 };
  for (const sort of USER_SORTS) {
    for (const order of ["desc", "asc"]) {
      const row: (typeof pages)[string] = {};
      for (const [name, [raw, window]] of Object.entries(filters)) {
        const { p50Ms, p95Ms } = await timeRuns(RUNS, () => listUsers(db, p, q({ ...raw, sort, order }), window));
        row[name] = { p50Ms, p95Ms, p95VsBaseline: ratio({ p95Ms }) };
        if (p95Ms > worst.p95Ms) worst = { page: `${sort} ${order} ${name}`, p95Ms };
      }
      pages[`${sort} ${order}`] = row;
    }
  }
  // Twenty pages into the Users page's default list (last seen, the 7-day window), by the cursor the API hands out.
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) cursor = (await listUsers(db, p, q(cursor ? { cursor } : {}), WEEK)).nextCursor;
  const deepPage = await timeRuns(RUNS, () => listUsers(db, p, q({ cursor: cursor! }), WEEK));
  await h.close();
  return {
    driver: h.driver,
    users: N,
    runs: RUNS,
    baselinePkPage: baseline,
    deepPage: { ...deepPage, p95VsBaseline: ratio(deepPage) },
    worst: { ...worst, p95VsBaseline: ratio(worst) },
    pages,
  };
}
