// Erasure of one end user: raw and derived rows in every table that has a user column, found from the catalog so a
// table added later by another feature is covered too (tests/spectrum-deletion.test.ts enumerates them the same way).
import { and, eq, inArray, sql } from "drizzle-orm";
import { affectedRows, rowsOf, type Db } from "@/db/client";
import { annotationQueueItems, memberships, observations, projects, sampledObservations, sampledTraces, scores, traces, traceSentiment } from "@/db/schema";
import { forgetUnitValues } from "@/lib/experiments/store/unit-totals";
import { forgetUserInCohortDefinitions } from "@/lib/cohorts/store/forget-user";
import { invalidateOverview } from "./cache";
import { auditAs, type MemberActor } from "@/lib/audit/record";
import { drainIngest } from "@/lib/traces/ingest/pipeline";
import { eraseUserFromWarm } from "@/lib/warehouse/erase";

export const USER_COLUMNS = ["user_id", "end_user_id"] as const;

/**
 * Tables keyed by project_id with a text user column holding the customer's end-user id; a partitioned table once
 * (the delete on it reaches its partitions), not each partition again.
 */
export async function endUserTables(db: Db): Promise<{ table: string; column: string }[]> {
  const result = await db.execute(sql`
    select c.table_name, c.column_name from information_schema.columns c
    where c.table_schema = current_schema() and c.column_name in ('user_id', 'end_user_id') and c.data_type = 'text'
      and c.table_name not in (select relname from pg_class where relispartition)
      and exists (select 1 from information_schema.columns p
                  where p.table_schema = c.table_schema and p.table_name = c.table_name and p.column_name = 'project_id')
    order by c.table_name`);
  return rowsOf<{ table_name: string; column_name: string }>(result).map((r) => ({ table: r.table_name, column: r.column_name }));
}

/** With `actor` (an admin erasing from the dashboard), the audit row is written in the same transaction. */
export async function deleteEndUser(db: Db, projectId: string, userId: string, actor?: MemberActor) {
  const deleted: Record<string, number> = {};
  // Accepted trace batches still in staging hold the user's spans too: merge them first, so the erasure below finds them.
  await drainIngest(db);
  // The warm and cold tiers first: its per-file user index is deleted below with every other row that names the user.
  const warm = await eraseUserFromWarm(db, projectId, userId);
  deleted.warm_tier_rows = warm.rowsRemoved - warm.coldRowsRemoved;
  deleted.cold_tier_rows = warm.coldRowsRemoved;
  await db.transaction(async (tx) => {
    // First (it takes the experiments' locks): derived experiment rows whose sums must shrink with them.
    await forgetUnitValues(tx, projectId, userId);
    // Uploaded cohort lists name users by id; a refresh would otherwise bring the erased user back.
    deleted.cohort_definitions = await forgetUserInCohortDefinitions(tx as unknown as Db, projectId, userId);
    // Children without a user column go with their user's traces.
    const userTraces = tx.select({ id: traces.id }).from(traces).where(and(eq(traces.projectId, projectId), eq(traces.userId, userId)));
    await tx.delete(observations).where(and(eq(observations.projectId, projectId), inArray(observations.traceId, userTraces)));
    await tx.delete(scores).where(and(eq(scores.projectId, projectId), inArray(scores.traceId, userTraces)));
    await tx.delete(annotationQueueItems).where(and(eq(annotationQueueItems.projectId, projectId), inArray(annotationQueueItems.traceId, userTraces)));
    // Summary rows of their sampled-out traces (the traces themselves go below, by user column).
    const userSampledTraces = tx.select({ id: sampledTraces.id }).from(sampledTraces).where(and(eq(sampledTraces.projectId, projectId), eq(sampledTraces.userId, userId)));
    await tx.delete(sampledObservations).where(and(eq(sampledObservations.projectId, projectId), inArray(sampledObservations.traceId, userSampledTraces)));
    await tx.delete(traceSentiment).where(and(eq(traceSentiment.projectId, projectId), inArray(traceSentiment.traceId, userTraces)));
    for (const { table, column } of await endUserTables(tx as unknown as Db)) {
      const res = await tx.execute(
        sql`delete from ${sql.identifier(table)} where project_id = ${projectId} and ${sql.identifier(column)} = ${userId}`,
      );
      deleted[table] = affectedRows(res);
    }
    // The member login stays (it belongs to the organization), but its link to the erased end user goes.
    const [project] = await tx.select({ orgId: projects.orgId }).from(projects).where(eq(projects.id, projectId));
    if (project) {
      await tx.update(memberships).set({ endUserId: null }).where(and(eq(memberships.orgId, project.orgId), eq(memberships.endUserId, userId)));
    }
    if (actor) await auditAs(tx, actor, { action: "end_user.deleted", targetType: "end_user", targetId: userId, details: { deleted } });
  });
  await invalidateOverview(projectId, userId);
  return { userId, deleted };
}
