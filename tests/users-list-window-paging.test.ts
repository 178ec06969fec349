// The Users list in a time window, sorted by first seen oldest first, when the users first seen longest ago were last
// seen before the window: the first FILTER_WALK candidates are checked against the window on the first-seen index's
// entries (0080), so no candidate's row is read, and the page comes from the window's users, in order, cursor to
// cursor. EXPLAIN ANALYZE of the candidates' check counts the end_users rows it read (rows, not time).
import { beforeAll, describe, expect, test } from "vitest";
import { sql, type SQL } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { rowsOf, type Db } from "@/db/client";
import * as list from "@/app/api/v1/users/route";
import { FILTER_WALK, listUsers, userListQuerySchema } from "@/lib/users/store/list-users";

const t = seededDatabase();
// More users before the window than the candidates a page checks, and more in it: reading either set's rows is thousands.
const BEFORE_WINDOW = FILTER_WALK + 50;
const IN_WINDOW = FILTER_WALK + 50;
const USERS = BEFORE_WINDOW + IN_WINDOW;
const WINDOW = { from: new Date("2026-11-15T00:00:00Z"), to: new Date("2026-11-30T00:00:00Z") };
const RANGE = `from=${WINDOW.from.toISOString()}&to=${WINDOW.to.toISOString()}`;
/** The generated user g's id (u00001, …): first seen g minutes into 2026, so in id order. */
const uid = (g: number) => `u${String(g).padStart(5, "0")}`;
const ids = (res: { json: { items: { userId: string }[] } }) => res.json.items.map((u) => u.userId);
const getList = (qs: string) => call(list.GET, `/api/v1/users?${qs}`, { headers: bearer(t.org.apiKey.secretKey) });

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}
async function explainAnalyze(q: SQL): Promise<PlanNode> {
  const [row] = rowsOf<Record<string, unknown>>(await t.h.db.execute(sql`explain (analyze, format json) ${q}`));
  const plan = Object.values(row)[0];
  return (typeof plan === "string" ? JSON.parse(plan) : plan)[0].Plan;
}
/** The end_users rows a plan read (kept or filtered out, over all loops); an index-only scan reads none. */
const endUserRowsRead = (n: PlanNode): number =>
  (n["Relation Name"] === "end_users" && n["Node Type"] !== "Index Only Scan" ? (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0)) * n["Actual Loops"] : 0) +
  (n.Plans ?? []).reduce((s, c) => s + endUserRowsRead(c), 0);

beforeAll(async () => {
  // The first BEFORE_WINDOW users (first seen earliest) were last seen in January; the others are seen in the window.
  await t.h.db.execute(sql`insert into end_users (project_id, user_id, first_seen_at, last_seen_at)
    select ${t.org.project.id}::uuid, 'u' || lpad(g::text, 5, '0'), timestamptz '2026-01-01' + g * interval '1 minute',
      case when g > ${BEFORE_WINDOW}::int then timestamptz '2026-11-20' + g * interval '1 second' else timestamptz '2026-01-10' end
    from generate_series(1, ${USERS}::int) g`);
  await t.h.db.execute(sql`vacuum analyze end_users`); // as autovacuum leaves it: index-only scans need the visibility map
});

describe("GET /api/v1/users in a window, first seen oldest first", () => {
  test("lists the window's users in first-seen order, cursor to cursor, and newest first", async () => {
    const window = Array.from({ length: IN_WINDOW }, (_, i) => uid(BEFORE_WINDOW + 1 + i));
    const first = await getList(`${RANGE}&sort=firstSeen&order=asc&limit=20`);
    expect(first.status).toBe(200);
    expect(ids(first)).toEqual(window.slice(0, 20));
    const second = await getList(`${RANGE}&sort=firstSeen&order=asc&limit=20&cursor=${first.json.nextCursor}`);
    expect(ids(second)).toEqual(window.slice(20, 40));
    const last = await getList(`${RANGE}&sort=firstSeen&order=asc&limit=20&cursor=${second.json.nextCursor}`);
    expect(ids(last)).toEqual(window.slice(40, 60));
    expect(ids(await getList(`${RANGE}&sort=firstSeen&order=desc&limit=3`))).toEqual(window.slice(-3).reverse());
  });

  test("the candidates before the window are checked on the first-seen index, without reading their rows", async () => {
    const queries: SQL[] = [];
    const recording = new Proxy(t.h.db, {
      get: (db, prop) => (prop === "execute" ? (q: SQL) => (queries.push(q), db.execute(q)) : Reflect.get(db, prop)),
    }) as Db;
    const page = await listUsers(recording, t.org.project.id, userListQuerySchema.parse({ sort: "firstSeen", order: "asc", limit: 20 }), WINDOW);
    expect(page.items).toHaveLength(20);
    // The first query checks the FILTER_WALK candidates (none in the window); the filtered read that follows is the
    // window's users, whose page join a table this small may plan as a scan.
    expect(queries.length).toBe(2);
    expect(endUserRowsRead(await explainAnalyze(queries[0]))).toBe(0);
  });
});
