// The Users list with a filter that none of the first FILTER_WALK users in sort order pass (a small cohort of the
// users seen longest ago, high-risk users seen longest ago): the page is read from the filtered set instead, in the
// same order and with the same cursor paging as any other page. Through the real route handler on a real database.
// High risk is a range of end_users' own indexes (churn_risk, written by the churn job): its pages never walk the
// users who sort before the high-risk ones, which EXPLAIN ANALYZE of each query a page runs shows by rows, not time.
import { beforeAll, describe, expect, test } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { rowsOf, type Db } from "@/db/client";
import * as list from "@/app/api/v1/users/route";
import { FILTER_WALK, listUsers, userListQuerySchema } from "@/lib/users/store/list-users";
import { copyRisksToEndUsers } from "@/lib/insights/store/churn-models";

const t = seededDatabase();
const USERS = FILTER_WALK + 100;
let cohortId = "";
/** The generated user g's id (u00001, …). */
const uid = (g: number) => `u${String(g).padStart(5, "0")}`;

const ids = (res: { json: { items: { userId: string }[] } }) => res.json.items.map((u) => u.userId);
const getList = (qs: string) => call(list.GET, `/api/v1/users?${qs}`, { headers: bearer(t.org.apiKey.secretKey) });

interface PlanNode { "Actual Rows": number; "Actual Loops": number; Plans?: PlanNode[] }
async function explainAnalyze(q: SQL): Promise<PlanNode> {
  const [row] = rowsOf<Record<string, unknown>>(await t.h.db.execute(sql`explain (analyze, format json) ${q}`));
  const plan = Object.values(row)[0];
  return (typeof plan === "string" ? JSON.parse(plan) : plan)[0].Plan;
}
/** The rows each node of a plan produced over all its loops. */
const nodeRows = (n: PlanNode): number[] => [n["Actual Rows"] * n["Actual Loops"], ...(n.Plans ?? []).flatMap(nodeRows)];

beforeAll(async () => {
  const db = t.h.db;
  const p = t.org.project.id;
  // u00001 was seen last (the newest), u<USERS> first; u<USERS-k> is seen k minutes after the oldest.
  await db.execute(sql`insert into end_users (project_id, user_id, first_seen_at, last_seen_at)
    select ${p}::uuid, 'u' || lpad(g::text, 5, '0'), timestamptz '2026-01-01', timestamptz '2026-11-01' - g * interval '1 minute'
    from generate_series(1, ${USERS}::int) g`);
  // A cohort of the three users seen longest ago, and a model that scores the two oldest high and one other low.
  [{ id: cohortId }] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into cohorts (project_id, name, definition) values (${p}::uuid, 'oldest', '{"static": []}'::jsonb) returning id`),
  );
  await db.execute(sql`insert into cohort_members (project_id, cohort_id, user_id)
    select ${p}::uuid, ${cohortId}::uuid, 'u' || lpad(g::text, 5, '0') from generate_series(${USERS - 2}::int, ${USERS}::int) g`);
  const [model] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into churn_models (project_id, trained_at, churn_days, model, evaluation)
      values (${p}::uuid, timestamptz '2026-11-01', 14, '{}'::jsonb, '{}'::jsonb) returning id`),
  );
  await db.execute(sql`insert into churn_scores (project_id, user_id, model_id, risk, reasons) values
    (${p}::uuid, ${uid(USERS)}, ${model.id}::uuid, 0.9, '[]'::jsonb), (${p}::uuid, ${uid(USERS - 1)}, ${model.id}::uuid, 0.8, '[]'::jsonb),
    (${p}::uuid, 'u00002', ${model.id}::uuid, 0.1, '[]'::jsonb)`);
  await copyRisksToEndUsers(db, p); // as the churn job does after writing its scores
});

describe("GET /api/v1/users with a filter few users pass", () => {
  test("a small cohort of the users seen longest ago pages newest first, cursor to cursor, to the end", async () => {
    const first = await getList(`cohort=${cohortId}&limit=2`);
    expect(first.status).toBe(200);
    expect(ids(first)).toEqual([uid(USERS - 2), uid(USERS - 1)]);
    const second = await getList(`cohort=${cohortId}&limit=2&cursor=${first.json.nextCursor}`);
    expect(ids(second)).toEqual([uid(USERS)]);
    expect(second.json.nextCursor).toBeNull();
  });

  test("high-risk users sorted by last seen, newest first, then oldest first, and by risk, lowest first", async () => {
    expect(ids(await getList("risk=high"))).toEqual([uid(USERS - 1), uid(USERS)]);
    expect(ids(await getList("risk=high&sort=lastSeen&order=asc"))).toEqual([uid(USERS), uid(USERS - 1)]);
    expect(ids(await getList("risk=high&sort=churnRisk&order=asc"))).toEqual([uid(USERS - 1), uid(USERS)]);
  });

  test("a high-risk page reads the high-risk users only, under every end_users sort and order", async () => {
    // Every query the page runs, run again under EXPLAIN ANALYZE: the rows each plan node produced (not a timing).
    const queries: SQL[] = [];
    const recording = new Proxy(t.h.db, {
      get: (db, prop) => (prop === "execute" ? (q: SQL) => (queries.push(q), db.execute(q)) : Reflect.get(db, prop)),
    }) as Db;
    for (const sort of ["lastSeen", "firstSeen", "churnRisk"]) {
      for (const order of ["asc", "desc"]) {
        queries.length = 0;
        const page = await listUsers(recording, t.org.project.id, userListQuerySchema.parse({ risk: "high", sort, order }));
        expect(page.items.map((u) => u.userId).sort()).toEqual([uid(USERS - 1), uid(USERS)]);
        const rowsRead = [];
        for (const q of queries) rowsRead.push(...nodeRows(await explainAnalyze(q)));
        // Two high-risk users: no step reads the FILTER_WALK users of the sort's index before them.
        expect(Math.max(...rowsRead), `${sort} ${order}`).toBeLessThanOrEqual(2);
      }
    }
  });

  test("a cohort id that is not a uuid is a 400 naming the field, as on the other lists", async () => {
    const res = await getList("cohort=oldest");
    expect(res.status).toBe(400);
    expect(res.json.error.message.startsWith("cohort:")).toBe(true);
  });
});
