// A user's lifetime counts (events, traces, cost, sessions) when part of their history is past hot retention: the days
// the warm tier answers come from its events and trace summaries (DuckDB), every other row from the hot tables, so the
// counts equal what the hot tables gave before retention removed those days. Sessions are counted as distinct ids over
// both tiers (a session can cross from a warm day into a hot one).
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { readParquet, inRanges, userIdTable, withDuckDb } from "@/lib/warehouse/duckdb";
import { outsideRanges } from "@/lib/warehouse/store/ranges";
import { warmHistoryOfUsers, type UsersWarmHistory } from "@/lib/warehouse/warm-reads";

export interface UserTotals {
  events: number;
  traces: number;
  costUsd: number;
  sessions: number;
}

type Row = { user_id: string; n: number | string; cost?: number | string | null; sessions: string[] | null };

/** The warm part of a set of users' events and traces (null each when no warm file answers any of its days). */
export interface UsersWarmParts {
  events: UsersWarmHistory | null;
  traces: UsersWarmHistory | null;
}

export async function usersWarmParts(db: Db, projectId: string, userIds: string[], now: Date, root?: string): Promise<UsersWarmParts> {
  const [events, traces] = await Promise.all([warmHistoryOfUsers(db, projectId, "events", userIds, now, root), warmHistoryOfUsers(db, projectId, "traces", userIds, now, root)]);
  return { events, traces };
}

/** Null when no warm file answers any day of the project's history (the hot tables hold every row). */
export async function userTotalsAcrossTiers(db: Db, projectId: string, userIds: string[], parts: UsersWarmParts): Promise<Map<string, UserTotals> | null> {
  if (!userIds.length || (!parts.events && !parts.traces)) return null;
  const warmEvents = parts.events ?? { ranges: [], files: [] };
  const warmTraces = parts.traces ?? { ranges: [], files: [] };
  const users = sql`(select jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb))`;
  const q = async (query: ReturnType<typeof sql>) => rowsOf<Row>(await db.execute(query));
  const [hotEvents, hotTraces, spectrumSessions] = await Promise.all([
    q(sql`select user_id, count(*)::int as n, array_agg(distinct session_id) filter (where session_id is not null) as sessions from events
          where project_id = ${projectId} and user_id in ${users} and ${outsideRanges(sql`timestamp`, warmEvents.ranges)} group by user_id`),
    q(sql`select user_id, count(*)::int as n, coalesce(sum(total_cost), 0)::float8 as cost,
            array_agg(distinct session_id) filter (where session_id is not null) as sessions from traces
          where project_id = ${projectId} and user_id in ${users} and ${outsideRanges(sql`timestamp`, warmTraces.ranges)} group by user_id`),
    q(sql`select user_id, 0 as n, array_agg(id::text) as sessions from spectrum_sessions where project_id = ${projectId} and user_id in ${users} group by user_id`),
  ]);
  // Only the files whose user index names one of the users (warmHistoryOfUsers); the hot rows of every warm day are left out.
  const eventFiles = warmEvents.files;
  const traceFiles = warmTraces.files;
  const warm = !eventFiles.length && !traceFiles.length ? { events: [], traces: [] } : await withDuckDb(async (conn) => {
    await userIdTable(conn, "wanted", userIds);
    const read = async (files: string[], ranges: [Date, Date][], extra: string, where: string) => {
      if (!files.length) return [] as Row[];
      const reader = await conn.runAndReadAll(`
        select user_id, count(*) as n${extra}, list(distinct session_id) filter (where session_id is not null) as sessions
        from ${readParquet(files)} where user_id in (select user_id from wanted) and ${inRanges("timestamp", ranges)}${where} group by user_id`);
      return reader.getRowObjectsJS() as unknown as Row[];
    };
    return {
      events: await read(eventFiles, warmEvents.ranges, "", ""),
      // Sampled-out traces' summaries are in the warm file too; the hot count covers kept traces only.
      traces: await read(traceFiles, warmTraces.ranges, ", coalesce(sum(total_cost), 0)::double as cost", " and not sampled"),
    };
  });
  const totals = new Map(userIds.map((u) => [u, { events: 0, traces: 0, costUsd: 0, sessions: new Set<string>() }]));
  const add = (rows: Row[], field: "events" | "traces" | null) => {
    for (const r of rows) {
      const t = totals.get(String(r.user_id));
      if (!t) continue;
      if (field) t[field] += Number(r.n);
      if (field === "traces") t.costUsd += Number(r.cost ?? 0);
      for (const s of r.sessions ?? []) t.sessions.add(String(s));
    }
  };
  add(hotEvents, "events");
  add(warm.events, "events");
  add(hotTraces, "traces");
  add(warm.traces, "traces");
  add(spectrumSessions, null);
  return new Map([...totals].map(([u, t]) => [u, { events: t.events, traces: t.traces, costUsd: t.costUsd, sessions: t.sessions.size }]));
}
