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
