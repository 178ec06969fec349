// Recomputes a cohort's stored membership in one statement (delete who left, insert who joined) and records its
// size; running it twice in a row changes nothing the second time, so a retried job is harmless.
import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { withPlannerSettings } from "@/db/planner-settings";
import { cohortSizes, cohorts, projects } from "@/db/schema";
import type { CohortDefinition } from "../definition";
import { compileCohort, type CompileContext } from "./compile-definition";
import { projectDefinitions } from "./cohorts";

export interface RefreshResult {
  cohortId: string;
  size: number;
  added: number;
  removed: number;
  computedAt: Date;
}

/** Refreshes one cohort of the project at `now`; null when it does not exist. */
export async function refreshCohort(db: Db, projectId: string, cohortId: string, now: Date): Promise<RefreshResult | null> {
  const definitions = await projectDefinitions(db, projectId);
  const definition = definitions.get(cohortId);
  if (!definition) return null;
  return refreshWith(db, projectId, cohortId, definition, { projectId, now, cohorts: definitions, rollupMaxDays: await hotRetentionDays(db, projectId) });
}

/** The project's hot retention: event windows within it count from the rollup (the raw events hold the same ones). */
async function hotRetentionDays(db: Db, projectId: string): Promise<number | undefined> {
  const [project] = await db.select({ days: projects.retentionDays }).from(projects).where(eq(projects.id, projectId));
  return project?.days;
}

async function refreshWith(db: Db, projectId: string, cohortId: string, definition: CohortDefinition, ctx: CompileContext): Promise<RefreshResult> {
  const now = ctx.now;
  const members = compileCohort(definition, ctx, cohortId);
  // The planner cannot estimate the fresh set (a CTE); a nested loop between it and the stored members is
  // quadratic (minutes at 30,000 members), so this transaction only uses hash and merge joins.
  return withPlannerSettings(db, { enable_nestloop: "off" }, async (tx) => {
    const [counts] = rowsOf<{ size: number; added: number; removed: number }>(
      await tx.execute(sql`
        with fresh as (${members}),
        removed as (
          delete from cohort_members m where m.project_id = ${projectId} and m.cohort_id = ${cohortId}
            and not exists (select 1 from fresh f where f.user_id = m.user_id)
          returning 1),
        -- Only who joined, in key order: at 1M users / 10M events (94k members, load 26-31) inserting every member
        -- with ON CONFLICT took 2.1-2.6 s when all were members already and 9.7-11.0 s when none were, this 1.0-1.2 s
        -- and 5.2-6.9 s (that one measured sorted alone). ON CONFLICT stays for a refresh of the same cohort run twice at once.
        added as (
          insert into cohort_members (project_id, cohort_id, user_id)
          select ${projectId}, ${cohortId}, user_id from fresh f
          where not exists (select 1 from cohort_members m where m.project_id = ${projectId} and m.cohort_id = ${cohortId} and m.user_id = f.user_id)
          order by user_id
          on conflict do nothing returning 1)
        select (select count(*) from fresh)::int as size, (select count(*) from added)::int as added,
               (select count(*) from removed)::int as removed`),
    );
    const size = Number(counts.size);
    const [previous] = await tx.select({ size: cohorts.size }).from(cohorts).where(and(eq(cohorts.projectId, projectId), eq(cohorts.id, cohortId)));
    await tx.update(cohorts).set({ size, computedAt: now }).where(and(eq(cohorts.projectId, projectId), eq(cohorts.id, cohortId)));
    if (previous?.size !== size) {
      await tx.insert(cohortSizes).values({ projectId, cohortId, computedAt: now, size }).onConflictDoUpdate({
        target: [cohortSizes.projectId, cohortSizes.cohortId, cohortSizes.computedAt],
        set: { size },
      });
    }
    return { cohortId, size, added: Number(counts.added), removed: Number(counts.removed), computedAt: now };
  });
}

/** Cohorts whose inputs changed since their last refresh (events, profiles, exposures, their own definition). */
async function staleCohortIds(db: Db, projectId: string, timeRelative: ReadonlySet<string>): Promise<string[]> {
  const rows = await db
    .select({ id: cohorts.id, computedAt: cohorts.computedAt, updatedAt: cohorts.updatedAt })
    .from(cohorts)
    .where(eq(cohorts.projectId, projectId));
  if (rows.length === 0) return [];
  const computed = rows.map((r) => r.computedAt?.getTime() ?? 0);
  const since = new Date(Math.min(...computed));
  const [latest] = rowsOf<{ events: string | null; users: string | null; exposures: string | null }>(
    await db.execute(sql`
      select (select max(received_at) from events where project_id = ${projectId} and received_at > ${since.toISOString()}::timestamptz)::text as events,
             (select max(updated_at) from end_users where project_id = ${projectId} and updated_at > ${since.toISOString()}::timestamptz)::text as users,
             (select max(logged_at) from experiment_exposures where project_id = ${projectId} and logged_at > ${since.toISOString()}::timestamptz)::text as exposures`),
  );
  const changedAt = Math.max(...[latest.events, latest.users, latest.exposures].map((v) => (v ? Date.parse(v) : 0)));
  return rows
    .filter((r) => !r.computedAt || r.updatedAt > r.computedAt || changedAt > r.computedAt.getTime() || timeRelative.has(r.id))
    .map((r) => r.id);
}

/**
 * The periodic pass: refreshes each cohort of the project whose inputs changed since it was computed, and every
 * cohort with an event window (time passing alone changes it). Returns what changed.
 */
export async function refreshStaleCohorts(db: Db, projectId: string, now: Date, isTimeRelative: (id: string, defs: ReadonlyMap<string, CohortDefinition>) => boolean) {
  const definitions = await projectDefinitions(db, projectId);
  const timeRelative = new Set([...definitions.keys()].filter((id) => isTimeRelative(id, definitions)));
  const ctx = { projectId, now, cohorts: definitions, rollupMaxDays: await hotRetentionDays(db, projectId) };
  const results: RefreshResult[] = [];
  for (const id of await staleCohortIds(db, projectId, timeRelative)) {
    results.push(await refreshWith(db, projectId, id, definitions.get(id)!, ctx));
  }
  return results;
}

/** Projects that have at least one cohort (the periodic pass visits only these). */
export async function projectsWithCohorts(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ projectId: cohorts.projectId }).from(cohorts);
  return rows.map((r) => r.projectId);
}
