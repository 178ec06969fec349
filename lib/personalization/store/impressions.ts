// Impressions (what the recommendations API served) and their clicks: an interaction that names an impression, by
// the same user, on one of its items, of a click type. Click-through per model version and experiment variant.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { personalizationImpressions } from "@/db/schema";
import { CLICK_TYPES } from "../feedback";

export type ImpressionRow = typeof personalizationImpressions.$inferInsert;

export async function insertImpression(db: Db, row: ImpressionRow): Promise<void> {
  await db.insert(personalizationImpressions).values(row);
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
