// The churn risk the Users list reads from end_users.churn_risk: the churn job's save copies it from churn_scores (in chunks), a
// re-score moves users in and out of the high-risk list and clears the users it no longer scores, the write leaves
// updated_at (the experiment job's plan-change mark) alone, erasure removes it, and the partial indexes that serve the
// high-risk filter use the same threshold as the filter. Through the real route handler on a real database.
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { rowsOf } from "@/db/client";
import * as list from "@/app/api/v1/users/route";
import { copyRisksToEndUsers, saveChurnModel } from "@/lib/insights/store/churn-models";
import { HIGH_CHURN_RISK } from "@/lib/insights/churn/features";
import type { LogisticModel } from "@/lib/insights/churn/logistic";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const USERS = ["a", "b", "c", "d", "e"]; // last seen in this order, oldest first
const EMPTY_MODEL: LogisticModel = { features: [], intercept: 0, coefficients: [], means: [], scales: [], lambda: 0, iterations: 0 };

type Item = { userId: string; churnRisk: number | null };
const getList = async (qs: string): Promise<Item[]> => {
  const res = await call(list.GET, `/api/v1/users?${qs}`, { headers: bearer(t.org.apiKey.secretKey) });
  expect(res.status).toBe(200);
  return res.json.items;
};
const ids = (items: Item[]) => items.map((u) => u.userId);

/** What the daily job stores for a run that scored `risks` (user id to risk). */
const score = (day: number, risks: Record<string, number>) =>
  saveChurnModel(t.h.db, t.org.project.id, {
    trainedAt: new Date(Date.UTC(2026, 10, day)),
    churnDays: 14,
    model: EMPTY_MODEL,
    evaluation: { auc: null, baselineAuc: null, users: 0, churned: 0, trainUsers: 0, trainChurned: 0, calibration: [], asOf: new Date(Date.UTC(2026, 10, day)).toISOString() },
    scores: Object.entries(risks).map(([userId, risk]) => ({ userId, risk, reasons: [] })),
  });

/** Each end user's stored churn_risk and updated_at, and the risks in churn_scores. */
async function stored() {
  const p = t.org.project.id;
  const users = rowsOf<{ user_id: string; churn_risk: number | null; updated_at: unknown }>(
    await t.h.db.execute(sql`select user_id, churn_risk, updated_at::text from end_users where project_id = ${p} order by user_id`),
  );
  const scores = rowsOf<{ user_id: string; risk: number }>(await t.h.db.execute(sql`select user_id, risk from churn_scores where project_id = ${p}`));
  return {
    risks: Object.fromEntries(users.map((u) => [u.user_id, u.churn_risk == null ? null : Number(u.churn_risk)])),
    updatedAt: Object.fromEntries(users.map((u) => [u.user_id, String(u.updated_at)])),
    scores: Object.fromEntries(scores.map((s) => [s.user_id, Number(s.risk)])),
  };
}

beforeAll(async () => {
  await t.h.db.execute(sql`insert into end_users (project_id, user_id, first_seen_at, last_seen_at)
    select ${t.org.project.id}::uuid, u, timestamptz '2026-01-01' + k * interval '1 day', timestamptz '2026-11-01' + k * interval '1 hour'
    from unnest(${`{${USERS.join(",")}}`}::text[]) with ordinality as x(u, k)`);
});

describe("churn risk on end_users", () => {
  test("the job's save copies each risk onto end_users and the list filters and sorts by it", async () => {
    const before = await stored();
    await score(20, { a: 0.9, b: 0.6, c: 0.2 });
    const after = await stored();
    expect(after.risks).toEqual({ a: 0.9, b: 0.6, c: 0.2, d: null, e: null });
    // A risk is not a trait: the experiment results job must not see a plan change.
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(ids(await getList("risk=high&sort=lastSeen&order=asc"))).toEqual(["a", "b"]);
    expect(ids(await getList("risk=high&sort=firstSeen&order=desc"))).toEqual(["b", "a"]);
    expect(await getList("sort=churnRisk")).toMatchObject([
      { userId: "a", churnRisk: 0.9 },
      { userId: "b", churnRisk: 0.6 },
      { userId: "c", churnRisk: 0.2 },
    ]);
  });

  test("a re-score moves users into and out of high risk, and users it no longer scores have no risk", async () => {
    await score(21, { b: 0.3, c: 0.7, d: 0.55 });
    const { risks, scores } = await stored();
    expect(risks).toEqual({ a: null, b: 0.3, c: 0.7, d: 0.55, e: null });
    expect(scores).toEqual({ b: 0.3, c: 0.7, d: 0.55 });
    expect(ids(await getList("risk=high&sort=lastSeen&order=asc"))).toEqual(["c", "d"]);
    expect(ids(await getList("risk=high&sort=churnRisk&order=asc"))).toEqual(["d", "c"]);
    expect(ids(await getList("sort=churnRisk"))).toEqual(["c", "d", "b"]);
    expect((await getList("sort=lastSeen&order=asc")).map((u) => u.churnRisk)).toEqual([null, 0.3, 0.7, 0.55, null]);
  });

  test("erasing a high-risk user removes their risk with their row", async () => {
    await deleteEndUser(t.h.db, t.org.project.id, "c");
    const { risks, scores } = await stored();
    expect(risks).toEqual({ a: null, b: 0.3, d: 0.55, e: null });
    expect(scores).toEqual({ b: 0.3, d: 0.55 });
    expect(ids(await getList("risk=high&sort=firstSeen&order=asc"))).toEqual(["d"]);
  });

  test("the copy walks the users in chunks: chunks of two write every changed risk and clear every stale one", async () => {
    const p = t.org.project.id;
    // A run that died after committing its scores: end_users still holds an older model's values.
    await t.h.db.execute(sql`update end_users set churn_risk = case user_id when 'a' then 0.8 when 'e' then 0.1 else null end where project_id = ${p}`);
    await copyRisksToEndUsers(t.h.db, p, 2);
    expect((await stored()).risks).toEqual({ a: null, b: 0.3, d: 0.55, e: null });
  });

  test("the partial indexes serving the high-risk filter hold exactly the users at or above HIGH_CHURN_RISK", async () => {
    const preds = rowsOf<{ name: string; pred: string }>(
      await t.h.db.execute(sql`select c.relname as name, pg_get_expr(i.indpred, i.indrelid) as pred from pg_index i
        join pg_class c on c.oid = i.indexrelid where c.relname in ('end_users_high_risk_last_seen_idx', 'end_users_high_risk_first_seen_idx')`),
    );
    expect(preds).toHaveLength(2);
    for (const { name, pred } of preds) {
      const m = /^\(churn_risk >= \(?([\d.]+)\)?(::double precision)?\)$/.exec(pred);
      expect(m, `${name}: ${pred}`).not.toBeNull();
      expect(Number(m![1]), name).toBe(HIGH_CHURN_RISK);
    }
  });
});
