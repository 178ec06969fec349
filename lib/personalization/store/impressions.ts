// Impressions (what the recommendations API served) and their clicks: an interaction that names an impression, by
// the same user, on one of its items, of a click type. Click-through per model version and experiment variant.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { personalizationImpressions } from "@/db/schema";
import { batchedCalls } from "@/lib/cache/batched-calls";
import { CLICK_TYPES } from "../feedback";

export type ImpressionRow = Omit<typeof personalizationImpressions.$inferInsert, "loggedAt">;

/** Rows per insert statement (one JSON parameter each). */
const MAX_BATCH = 500;

/**
 * Logs a served list; resolves once its row is written. Calls that arrive while a write is in flight on the same
 * database are written together by the next one, as one multi-row insert (group commit: a lone call is written at
 * once, 50 concurrent calls cost a few statements instead of 50). A failed batch is retried row by row, so one bad
 * row fails only its own call.
 */
export const insertImpression: (db: Db, row: ImpressionRow) => Promise<void> = batchedCalls(async (db: Db, rows: readonly ImpressionRow[]) => {
  await insertImpressionRows(db, rows);
  return rows.map(() => undefined);
}, MAX_BATCH);

/** One insert statement for any number of rows: a constant text (prepared once per connection) and one parameter. */
async function insertImpressionRows(db: Db, rows: readonly ImpressionRow[]): Promise<void> {
  const records = rows.map((r) => ({
    project_id: r.projectId,
    id: r.id,
    user_id: r.userId,
    served_at: r.servedAt.toISOString(),
    model_version: r.modelVersion,
    experiment_id: r.experimentId ?? null,
    variant_key: r.variantKey ?? null,
    item_ids: r.itemIds,
    ranking: r.ranking ?? {},
  }));
  await db.execute(sql`
    insert into personalization_impressions (project_id, id, user_id, served_at, model_version, experiment_id, variant_key, item_ids, ranking)
    select project_id, id, user_id, served_at, model_version, experiment_id, variant_key, item_ids, ranking
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(project_id uuid, id uuid, user_id text, served_at timestamptz,
      model_version integer, experiment_id uuid, variant_key text, item_ids text[], ranking jsonb)`);
}

/** SQL: the impression `imp` has at least one click (shared with the experiment metric over impressions). */
export const CLICKED = (before?: Date) => sql`exists (select 1 from personalization_interactions c
  where c.project_id = imp.project_id and c.impression_id = imp.id and c.user_id = imp.user_id and c.item_id = any(imp.item_ids)
    and c.type in (${sql.join(CLICK_TYPES.map((t) => sql`${t}`), sql`, `)})${before ? sql` and c.occurred_at < ${before.toISOString()}::timestamptz` : sql``})`;

export interface ClickThroughRow {
  modelVersion: number;
  experimentKey: string | null;
  variantKey: string | null;
  impressions: number;
  /** Impressions with at least one click. */
  clicked: number;
  users: number;
}

/** Impressions served in [from, to) and how many were clicked, per model version, experiment and variant. */
export async function clickThrough(db: Db, projectId: string, w: { from: Date; to: Date }): Promise<ClickThroughRow[]> {
  const rows = rowsOf<{ model_version: number; experiment_key: string | null; variant_key: string | null; impressions: number; clicked: number; users: number }>(
    await db.execute(sql`
      select imp.model_version, e.key as experiment_key, imp.variant_key, count(*)::int as impressions,
        count(*) filter (where ${CLICKED()})::int as clicked, count(distinct imp.user_id)::int as users
      from personalization_impressions imp
        left join experiments e on e.project_id = imp.project_id and e.id = imp.experiment_id
      where imp.project_id = ${projectId} and imp.served_at >= ${w.from.toISOString()}::timestamptz and imp.served_at < ${w.to.toISOString()}::timestamptz
      group by 1, 2, 3
      order by 1 desc, 2 nulls first, 3 nulls first`),
  );
  return rows.map((r) => ({
    modelVersion: Number(r.model_version),
    experimentKey: r.experiment_key,
    variantKey: r.variant_key,
    impressions: Number(r.impressions),
    clicked: Number(r.clicked),
    users: Number(r.users),
  }));
}
