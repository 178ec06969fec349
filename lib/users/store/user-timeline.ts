// A user's recent activity (events, traces, Spectrum sessions and feedback; the latest TIMELINE items) over both tiers:
// events and traces of the days the warm tier answers come from its files, every other row from the hot tables (the
// Spectrum tables are not trimmed by retention). DuckDB is opened only when the hot rows do not already fill the
// timeline with items newer than every warm day.
import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { inRanges, literal, readParquet, withDuckDb } from "@/lib/warehouse/duckdb";
import { outsideRanges } from "@/lib/warehouse/store/ranges";
import { warmHistoryOfUsers, type UsersWarmHistory } from "@/lib/warehouse/warm-reads";

export const TIMELINE = 50;

export interface TimelineItem {
  kind: "event" | "trace" | "session" | "feedback";
  id: string;
  name: string | null;
  at: string;
  sessionId: string | null;
}

type Row = { kind: string; id: string; name: string | null; at: unknown; ref: string | null };

const ms = (v: unknown) => (typeof v === "number" || typeof v === "bigint" ? Number(v) : new Date(v as string).getTime());

/** Newest first; ties by kind, then id. */
function latest(rows: Row[]): TimelineItem[] {
  return rows
    .map((r) => ({ kind: r.kind as TimelineItem["kind"], id: String(r.id), name: r.name ?? null, t: ms(r.at), sessionId: r.ref ?? null }))
    .sort((a, b) => b.t - a.t || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, TIMELINE)
    .map(({ t, ...item }) => ({ ...item, at: new Date(t).toISOString() }));
}

async function warmItems(userId: string, parts: { kind: string; warm: UsersWarmHistory; where: string }[]): Promise<Row[]> {
  return withDuckDb(async (conn) => {
    const rows: Row[] = [];
    for (const p of parts) {
      const reader = await conn.runAndReadAll(`
        select '${p.kind}' as kind, id, name, epoch_ms(timestamp) as "at", session_id as ref from ${readParquet(p.warm.files)}
        where user_id = ${literal(userId)} and ${inRanges("timestamp", p.warm.ranges)}${p.where} order by timestamp desc, id limit ${TIMELINE}`);
      rows.push(...(reader.getRowObjectsJS() as unknown as Row[]));
    }
    return rows;
  });
}

export async function userTimeline(db: Db, projectId: string, userId: string, now: Date, root?: string): Promise<TimelineItem[]> {
  const [events, traces] = await Promise.all(["events", "traces"].map((t) => warmHistoryOfUsers(db, projectId, t, [userId], now, root)));
  const hot = rowsOf<Row>(
    await db.execute(sql`(select 'event' as kind, id, name, timestamp as at, session_id as ref from events
            where project_id = ${projectId} and user_id = ${userId} and ${outsideRanges(sql`timestamp`, events?.ranges ?? [])} order by timestamp desc limit ${TIMELINE})
          union all (select 'trace', id, name, timestamp, session_id from traces
            where project_id = ${projectId} and user_id = ${userId} and ${outsideRanges(sql`timestamp`, traces?.ranges ?? [])} order by timestamp desc limit ${TIMELINE})
          union all (select 'session', id::text, null, started_at, null from spectrum_sessions
            where project_id = ${projectId} and user_id = ${userId} order by started_at desc limit ${TIMELINE})
          union all (select 'feedback', id::text, case when rating is null then null else 'rating ' || rating end, timestamp, session_id
            from spectrum_feedback where project_id = ${projectId} and user_id = ${userId} order by timestamp desc limit ${TIMELINE})`),
  );
  // Sampled-out traces' summaries are in the warm files; the hot timeline lists kept traces only.
  const parts = [
    events?.files.length ? { kind: "event", warm: events, where: "" } : null,
    traces?.files.length ? { kind: "trace", warm: traces, where: " and not sampled" } : null,
  ].filter((p) => p !== null);
  if (!parts.length) return latest(hot);
  const newest = latest(hot);
  const warmEnd = Math.max(...parts.flatMap((p) => p.warm.ranges.map(([, b]) => b.getTime())));
  if (newest.length === TIMELINE && Date.parse(newest[TIMELINE - 1].at) >= warmEnd) return newest;
  return latest([...hot, ...(await warmItems(userId, parts))]);
}
