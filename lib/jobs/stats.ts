import { and, count, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { visibleTo } from "./ledger";

export interface FunctionStats {
  functionId: string;
  runs: number;
  succeeded: number;
  dead: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Queue depth now, and per job the run counts and p50/p95 duration of successful runs over `sinceDays`. */
export async function jobStats(db: Db, projectId: string, sinceDays = 7) {
  const since = new Date(Date.now() - sinceDays * 86_400_000);
  const depth = await db
    .select({ status: jobRuns.status, n: count() })
    .from(jobRuns)
    .where(and(visibleTo(projectId), sql`${jobRuns.status} in ('queued', 'running')`))
    .groupBy(jobRuns.status);
  const perFunction = await db
    .select({
      functionId: jobRuns.functionId,
      runs: count(),
      succeeded: sql<number>`count(*) filter (where ${jobRuns.status} = 'succeeded')`.mapWith(Number),
      dead: sql<number>`count(*) filter (where ${jobRuns.status} = 'dead')`.mapWith(Number),
      p50Ms: sql<number | null>`percentile_cont(0.5) within group (order by ${jobRuns.durationMs}) filter (where ${jobRuns.status} = 'succeeded')`,
      p95Ms: sql<number | null>`percentile_cont(0.95) within group (order by ${jobRuns.durationMs}) filter (where ${jobRuns.status} = 'succeeded')`,
    })
    .from(jobRuns)
    .where(and(visibleTo(projectId), gte(jobRuns.createdAt, since)))
    .groupBy(jobRuns.functionId)
    .orderBy(jobRuns.functionId);
  const queued = depth.find((d) => d.status === "queued")?.n ?? 0;
  const running = depth.find((d) => d.status === "running")?.n ?? 0;
  return {
    queueDepth: { queued, running },
    functions: perFunction.map(
      (f): FunctionStats => ({
        ...f,
        p50Ms: f.p50Ms === null ? null : Math.round(Number(f.p50Ms)),
        p95Ms: f.p95Ms === null ? null : Math.round(Number(f.p95Ms)),
      }),
    ),
  };
}

/** Dead runs that have not been replayed yet. */
export async function listDeadLetters(db: Db, projectId: string, limit = 100) {
  return db
    .select()
    .from(jobRuns)
    .where(
      and(
        visibleTo(projectId),
        eq(jobRuns.status, "dead"),
        sql`not exists (select 1 from ${jobRuns} r where r.replay_of = ${jobRuns.id})`,
      ),
    )
    .orderBy(sql`${jobRuns.finishedAt} desc nulls last`)
    .limit(limit);
}

/** The whole instance's queue (every project and global runs): depth, oldest due wait and unreplayed dead letters. */
export async function ledgerHealth(db: Db, now = new Date()) {
  const [depth] = await db
    .select({
      queued: sql<number>`count(*) filter (where ${jobRuns.status} = 'queued')`.mapWith(Number),
      running: sql<number>`count(*) filter (where ${jobRuns.status} = 'running')`.mapWith(Number),
      oldestDue: sql<string | null>`min(${jobRuns.runAfter}) filter (where ${jobRuns.status} = 'queued' and ${jobRuns.runAfter} <= ${now.toISOString()}::timestamptz)`,
    })
    .from(jobRuns)
    .where(sql`${jobRuns.status} in ('queued', 'running')`);
  const dead = await db
    .select({ job: jobRuns.functionId, count: count() })
    .from(jobRuns)
    .where(and(eq(jobRuns.status, "dead"), sql`not exists (select 1 from ${jobRuns} r where r.replay_of = ${jobRuns.id})`))
    .groupBy(jobRuns.functionId)
    .orderBy(jobRuns.functionId);
  const oldest = depth?.oldestDue ? new Date(depth.oldestDue).getTime() : null;
  return {
    queued: depth?.queued ?? 0,
    running: depth?.running ?? 0,
    backlogSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    deadLetters: dead.map((d) => ({ job: d.job, count: Number(d.count) })),
  };
}

/** Dead runs of a project that died after `since`, newest first (the dead-letter alert's news). */
export async function deadLettersSince(db: Db, projectId: string, since: Date, limit = 20) {
  return db
    .select({ id: jobRuns.id, functionId: jobRuns.functionId, finishedAt: jobRuns.finishedAt, lastError: jobRuns.lastError })
    .from(jobRuns)
    .where(
      and(
        visibleTo(projectId),
        eq(jobRuns.status, "dead"),
        sql`${jobRuns.finishedAt} > ${since.toISOString()}::timestamptz`,
        sql`not exists (select 1 from ${jobRuns} r where r.replay_of = ${jobRuns.id})`,
      ),
    )
    .orderBy(sql`${jobRuns.finishedAt} desc`)
    .limit(limit);
}
