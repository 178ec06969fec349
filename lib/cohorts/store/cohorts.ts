// Saved cohorts of a project: create, list, read (with size history), edit and delete, always scoped by project.
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { cohortMembers, cohortSizes, cohorts } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { decodeNumberCursor, encodeCursor } from "@/lib/pagination/cursor";
import { nestingProblem, type CohortDefinition } from "../definition";

export interface CohortInput {
  name: string;
  definition: CohortDefinition;
}

/** Every cohort definition of the project by id (nested references resolve against it). */
export async function projectDefinitions(db: Db, projectId: string): Promise<Map<string, CohortDefinition>> {
  const rows = await db.select({ id: cohorts.id, definition: cohorts.definition }).from(cohorts).where(eq(cohorts.projectId, projectId));
  return new Map(rows.map((r) => [r.id, r.definition as CohortDefinition]));
}

/** 400 naming the path when the definition nests a missing cohort or would close a cycle. */
async function assertNesting(db: Db, projectId: string, selfId: string | null, definition: CohortDefinition) {
  const problem = nestingProblem(selfId, definition, await projectDefinitions(db, projectId));
  if (problem) {
    const path = ["definition", ...problem.path].join(".");
    throw new AppError("invalid_request", `${path}: ${problem.message}`, [{ path, field: path, message: problem.message }]);
  }
}

const summary = {
  id: cohorts.id,
  name: cohorts.name,
  definition: cohorts.definition,
  size: cohorts.size,
  computedAt: cohorts.computedAt,
  createdAt: cohorts.createdAt,
  updatedAt: cohorts.updatedAt,
};

export async function createCohort(db: Db, projectId: string, input: CohortInput) {
  await assertNesting(db, projectId, null, input.definition);
  const [row] = await db.insert(cohorts).values({ projectId, name: input.name, definition: input.definition }).returning(summary);
  return row;
}

export async function listCohorts(db: Db, projectId: string) {
  return db.select(summary).from(cohorts).where(eq(cohorts.projectId, projectId)).orderBy(asc(cohorts.name), asc(cohorts.id));
}

/** Each saved cohort's name by id (cohort series and rules are keyed by id, shown by name). */
export async function cohortNamesById(db: Db, projectId: string): Promise<Map<string, string>> {
  return new Map((await listCohorts(db, projectId)).map((c) => [c.id, c.name]));
}

export async function getCohort(db: Db, projectId: string, id: string) {
  const [row] = await db.select(summary).from(cohorts).where(and(eq(cohorts.projectId, projectId), eq(cohorts.id, id)));
  if (!row) throw new AppError("not_found", `No cohort ${id}`);
  const history = await db
    .select({ computedAt: cohortSizes.computedAt, size: cohortSizes.size })
    .from(cohortSizes)
    .where(and(eq(cohortSizes.projectId, projectId), eq(cohortSizes.cohortId, id)))
    .orderBy(desc(cohortSizes.computedAt))
    .limit(500);
  return { ...row, sizeHistory: history.reverse() };
}

export async function updateCohort(db: Db, projectId: string, id: string, patch: Partial<CohortInput>) {
  if (patch.definition) await assertNesting(db, projectId, id, patch.definition);
  const [row] = await db
    .update(cohorts)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(cohorts.projectId, projectId), eq(cohorts.id, id)))
    .returning(summary);
  if (!row) throw new AppError("not_found", `No cohort ${id}`);
  return row;
}

/** Refuses (409) while another cohort nests this one: deleting it would silently empty the other. */
export async function deleteCohort(db: Db, projectId: string, id: string) {
  const definitions = await projectDefinitions(db, projectId);
  if (!definitions.has(id)) throw new AppError("not_found", `No cohort ${id}`);
  const users = [...definitions].filter(([other, def]) => other !== id && JSON.stringify(def).includes(`"cohort":"${id}"`)).map(([other]) => other);
  if (users.length) throw new AppError("conflict", `Cohort ${id} is nested in cohort ${users.join(", ")}: remove it there first`);
  await db.delete(cohorts).where(and(eq(cohorts.projectId, projectId), eq(cohorts.id, id)));
}

/** A page of members in user-id order; `cursor` is the last id of the previous page. */
export async function listCohortMembers(db: Db, projectId: string, id: string, opts: { limit: number; cursor?: string }) {
  const [exists] = await db.select({ id: cohorts.id }).from(cohorts).where(and(eq(cohorts.projectId, projectId), eq(cohorts.id, id)));
  if (!exists) throw new AppError("not_found", `No cohort ${id}`);
  const after = opts.cursor ? decodeNumberCursor(opts.cursor).id : undefined;
  const rows = await db
    .select({ userId: cohortMembers.userId })
    .from(cohortMembers)
    .where(and(eq(cohortMembers.projectId, projectId), eq(cohortMembers.cohortId, id), after === undefined ? undefined : gt(cohortMembers.userId, after)))
    .orderBy(asc(cohortMembers.userId))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const nextCursor = rows.length > opts.limit ? encodeCursor(0, page[page.length - 1].userId) : null;
  return { data: page.map((r) => r.userId), nextCursor };
}
