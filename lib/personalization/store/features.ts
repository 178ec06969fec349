// SQL of the feature store: offline values computed from the interactions (in one INSERT … SELECT per view) or copied
// from the promoted model, point-in-time reads of the latest value per entity, history pruning, and parity results.
import { and, desc, eq, gt, lt, max, sql } from "drizzle-orm";
import { affectedRows, rowsOf, type Db } from "@/db/client";
import { personalizationFeatureParity, personalizationFeatureValues, personalizationModels, personalizationUserFactors } from "@/db/schema";
import { POSITIVE_TYPES } from "./trending";
import { floatsOf } from "./models";

export interface FeatureRow {
  entityKey: string;
  eventTime: Date;
  values: Record<string, unknown>;
}

const DAY = sql.raw("interval '1 day'");
const positive = sql.raw(`(type in (${POSITIVE_TYPES.map((t) => `'${t}'`).join(", ")}) or (type = 'rating' and value >= 4))`);

/** user_engagement or item_statistics as of `at` (interactions before it), one row per entity active in 30 days. */
export async function insertInteractionFeatures(db: Db, projectId: string, view: "user_engagement" | "item_statistics", at: Date): Promise<number> {
  const t = at.toISOString();
  const windowed = sql`from personalization_interactions where project_id = ${projectId} and occurred_at >= ${t}::timestamptz - 30 * ${DAY} and occurred_at < ${t}::timestamptz`;
  const last7 = sql`occurred_at >= ${t}::timestamptz - 7 * ${DAY}`;
  const query =
    view === "user_engagement"
      ? sql`insert into personalization_feature_values (project_id, view, entity_key, user_id, event_time, values)
          select ${projectId}, ${view}, user_id, user_id, ${t}::timestamptz, jsonb_build_object(
            'interactions_7d', count(*) filter (where ${last7}),
            'interactions_30d', count(*),
            'positive_rate_30d', round((count(*) filter (where ${positive}))::numeric / count(*), 4)::float8,
            'distinct_items_30d', count(distinct item_id),
            'last_interaction_at', max(occurred_at))
          ${windowed} group by user_id
          on conflict do nothing`
      : sql`insert into personalization_feature_values (project_id, view, entity_key, user_id, event_time, values)
          select ${projectId}, ${view}, item_id, null, ${t}::timestamptz, jsonb_build_object(
            'interactions_7d', count(*) filter (where ${last7}),
            'positives_7d', count(*) filter (where ${last7} and ${positive}),
            'unique_users_30d', count(distinct user_id),
            'positive_rate_30d', round((count(*) filter (where ${positive}))::numeric / count(*), 4)::float8)
          ${windowed} group by item_id
          on conflict do nothing`;
  return affectedRows(await db.execute(query));
}

/** Rows of one view (an existing (entity, event time) is left as it is: a model version's values do not change). */
export async function insertFeatureRows(db: Db, projectId: string, view: string, userKeyed: boolean, rows: readonly FeatureRow[]): Promise<void> {
  const v = personalizationFeatureValues;
  for (let start = 0; start < rows.length; start += 1000) {
    const chunk = rows.slice(start, start + 1000);
    await db
      .insert(v)
      .values(chunk.map((r) => ({ projectId, view, entityKey: r.entityKey, userId: userKeyed ? r.entityKey : null, eventTime: r.eventTime, values: r.values })))
      .onConflictDoNothing();
  }
}

/** The promoted model's identity and content vectors (the item side of the model views), or null. */
export async function promotedModelFeatures(db: Db, projectId: string) {
  const m = personalizationModels;
  const [row] = await db
    .select({ id: m.id, version: m.version, createdAt: m.createdAt, manifest: m.manifest, contentItemIds: m.contentItemIds, contentVectors: m.contentVectors })
    .from(m)
    .where(and(eq(m.projectId, projectId), eq(m.promoted, true)));
  if (!row) return null;
  const content = (row.manifest as { content?: { embedder: string; dimension: number } }).content;
  return {
    id: row.id,
    version: row.version,
    createdAt: row.createdAt,
    content: content && row.contentVectors ? { embedder: content.embedder, dimension: content.dimension, itemIds: row.contentItemIds, vectors: floatsOf(row.contentVectors) } : null,
  };
}

/** A page of a model version's user factors, by user id after `after`. */
export async function userFactorsPage(db: Db, projectId: string, modelId: string, after: string | null, limit: number): Promise<{ userId: string; factors: Float32Array }[]> {
  const u = personalizationUserFactors;
  const rows = await db
    .select({ userId: u.userId, factors: u.factors })
    .from(u)
    .where(and(eq(u.projectId, projectId), eq(u.modelId, modelId), after === null ? undefined : gt(u.userId, after)))
    .orderBy(u.userId)
    .limit(limit);
  return rows.map((r) => ({ userId: r.userId, factors: floatsOf(r.factors) }));
}

/** Each of `entityKeys`' latest value in `view` at or before `asOf` (point in time); absent keys have none. */
export async function latestFeatureValues(db: Db, projectId: string, view: string, entityKeys: readonly string[], asOf?: Date): Promise<Map<string, FeatureRow>> {
  if (!entityKeys.length) return new Map();
  const rows = rowsOf<{ entity_key: string; event_time: string | Date; values: Record<string, unknown> }>(
    await db.execute(sql`
      select distinct on (entity_key) entity_key, event_time, values from personalization_feature_values
      where project_id = ${projectId} and view = ${view} and entity_key in (${sql.join(entityKeys.map((k) => sql`${k}`), sql`, `)})
        ${asOf ? sql`and event_time <= ${asOf.toISOString()}::timestamptz` : sql``}
      order by entity_key, event_time desc`),
  );
  return new Map(rows.map((r) => [r.entity_key, { entityKey: r.entity_key, eventTime: new Date(r.event_time), values: r.values }]));
}

/** A page of every entity's latest value in `view`, by entity key after `after`. */
export async function latestFeaturePage(db: Db, projectId: string, view: string, after: string | null, limit: number): Promise<FeatureRow[]> {
  const rows = rowsOf<{ entity_key: string; event_time: string | Date; values: Record<string, unknown> }>(
    await db.execute(sql`
      select distinct on (entity_key) entity_key, event_time, values from personalization_feature_values
      where project_id = ${projectId} and view = ${view} ${after === null ? sql`` : sql`and entity_key > ${after}`}
      order by entity_key, event_time desc
      limit ${limit}`),
  );
  return rows.map((r) => ({ entityKey: r.entity_key, eventTime: new Date(r.event_time), values: r.values }));
}

/** Drops values older than `before` that a newer value of the same entity replaced. */
export async function pruneFeatureHistory(db: Db, projectId: string, view: string, before: Date): Promise<number> {
  const res = await db.execute(sql`
    delete from personalization_feature_values old
    where old.project_id = ${projectId} and old.view = ${view} and old.event_time < ${before.toISOString()}::timestamptz
      and exists (select 1 from personalization_feature_values newer
                  where newer.project_id = old.project_id and newer.view = old.view and newer.entity_key = old.entity_key and newer.event_time > old.event_time)`);
  return affectedRows(res);
}

/**
 * Per view: the newest event time, when it was materialized, and how many entities have a value at that time (one
 * backward index probe per view, then a range of the (project, view, event time) index).
 */
export async function featureViewSummaries(db: Db, projectId: string, views: readonly string[]): Promise<{ view: string; eventTime: Date; materializedAt: Date; entities: number }[]> {
  const v = personalizationFeatureValues;
  const rows = await Promise.all(
    views.map(async (view) => {
      const [newest] = await db.select({ eventTime: v.eventTime }).from(v).where(and(eq(v.projectId, projectId), eq(v.view, view))).orderBy(desc(v.eventTime)).limit(1);
      if (!newest) return null;
      const [row] = await db
        .select({ entities: sql<number>`count(*)`.mapWith(Number), materializedAt: max(v.materializedAt) })
        .from(v)
        .where(and(eq(v.projectId, projectId), eq(v.view, view), eq(v.eventTime, newest.eventTime)));
      return { view, eventTime: newest.eventTime, materializedAt: row.materializedAt ?? newest.eventTime, entities: row.entities };
    }),
  );
  return rows.filter((r) => r !== null);
}

export type ParityResult = typeof personalizationFeatureParity.$inferInsert;

export async function insertParityResults(db: Db, rows: readonly ParityResult[]): Promise<void> {
  if (rows.length) await db.insert(personalizationFeatureParity).values([...rows]);
}

/** The latest parity check of each view. */
export async function latestParity(db: Db, projectId: string): Promise<(typeof personalizationFeatureParity.$inferSelect)[]> {
  const p = personalizationFeatureParity;
  const rows = await db.select().from(p).where(eq(p.projectId, projectId)).orderBy(p.view, desc(p.checkedAt));
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.view) && seen.add(r.view));
}

/** Parity rows older than `before` (the history the page does not show). */
export async function pruneParity(db: Db, projectId: string, before: Date): Promise<void> {
  const p = personalizationFeatureParity;
  await db.delete(p).where(and(eq(p.projectId, projectId), lt(p.checkedAt, before)));
}

/** Projects with feature values (the parity pass). */
export async function projectsWithFeatures(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ projectId: personalizationFeatureValues.projectId }).from(personalizationFeatureValues);
  return rows.map((r) => r.projectId);
}

