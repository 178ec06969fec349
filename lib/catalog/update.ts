// Replacing a project's catalog: validated whole before anything is written, audited in the same transaction, the
// ingest cache dropped, and, when a metric role moved to another event, the rollups the Overview reads recomputed.
import type { Db } from "@/db/client";
import { recordAudit } from "@/lib/audit/record";
import { requestRollups } from "@/lib/monitoring/jobs";
import { floorTo } from "@/lib/monitoring/rollups/buckets";
import { METRIC_ROLES, rolesOf, type Catalog } from "./definition";
import { invalidateIngestContract } from "./ingest-contract";
import { getCatalog, saveCatalog, type StoredCatalog } from "./store/catalogs";

/** How far back rollups are rebuilt after a role change: the longest range the Overview and monitoring charts show. */
export const ROLE_CHANGE_RECOMPUTE_DAYS = 90;
const DAY_MS = 86_400_000;

export interface CatalogActor {
  orgId: string;
  projectId: string;
  userId: string | null;
  email: string | null;
  apiKeyId?: string;
}

export async function updateCatalog(db: Db, actor: CatalogActor, catalog: Catalog, now = new Date()): Promise<StoredCatalog & { rolesRecomputed: boolean }> {
  const { before, after } = await db.transaction(async (tx) => {
    const before = await getCatalog(tx, actor.projectId);
    await saveCatalog(tx, actor.projectId, catalog, now);
    await recordAudit(tx, {
      orgId: actor.orgId,
      projectId: actor.projectId,
      actor: { userId: actor.userId, email: actor.email },
      action: "catalog.updated",
      targetType: "project",
      targetId: actor.projectId,
      details: {
        ...(actor.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}),
        before: { mode: before.catalog.mode, events: before.catalog.events.map((e) => e.name), roles: rolesOf(before.catalog) },
        after: { mode: catalog.mode, events: catalog.events.map((e) => e.name), roles: rolesOf(catalog) },
      },
    });
    return { before, after: await getCatalog(tx, actor.projectId) };
  });
  await invalidateIngestContract(actor.projectId);
  const [was, is] = [rolesOf(before.catalog), rolesOf(after.catalog)];
  const rolesChanged = METRIC_ROLES.some((r) => was[r] !== is[r]);
  if (rolesChanged) {
    const to = new Date(floorTo("day", now).getTime() + DAY_MS);
    await requestRollups(db, actor.projectId, { from: new Date(to.getTime() - (ROLE_CHANGE_RECOMPUTE_DAYS + 1) * DAY_MS).toISOString(), to: to.toISOString() });
  }
  return { ...after, rolesRecomputed: rolesChanged };
}
