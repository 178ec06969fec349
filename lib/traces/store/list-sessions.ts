// Sessions: the traces of one end-user conversation or visit, grouped by session id, most recent first.

import { sql } from "drizzle-orm";
import { z } from "zod";
import { decodeDateCursor, encodeCursor } from "@/lib/pagination/cursor";
import { rowsOf, type Db } from "@/db/client";
import { checkTimeRange, timeRangeQueryShape } from "@/lib/time-range/query";

export const sessionListQuerySchema = z.object({
  userId: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(200).optional()),
  /** Sessions of the members of this saved cohort (as of its last refresh). */
  cohort: z.preprocess((v) => (v === "" ? undefined : v), z.uuid({ message: "must be a cohort id" }).optional()),
  /** Only traces in [from, to): a session's figures are those of its traces in the window (lib/time-range). */
  from: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.date({ message: "must be an ISO-8601 date" }).optional()),
  to: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.date({ message: "must be an ISO-8601 date" }).optional()),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type SessionListQuery = z.output<typeof sessionListQuerySchema>;

/**
 * `GET /api/v1/sessions`: the list's filters, its window the app's time range (`range=24h|7d|30d|90d` or `from`/`to`,
 * default the last 7 days like the Sessions page) read by the shared parser, so a bad range is a 400 naming the field.
 */
export const sessionApiQuerySchema = sessionListQuerySchema.omit({ from: true, to: true }).extend(timeRangeQueryShape).superRefine(checkTimeRange);

export interface SessionListItem {
  sessionId: string;
  userId: string | null;
  traceCount: number;
  firstAt: Date;
  lastAt: Date;
  /** First trace's start to the last trace's end (its start plus latency); null when nothing was measured (one trace without latency). */
  spanMs: number | null;
  totalTokens: number;
  totalCost: number;
  errorTraces: number;
}

/** A session's totals over its traces `t` (grouped by session id); read back with toSessionListItem. */
export const sessionTotals = sql`min(t.user_id) as user_id, count(*)::int as trace_count, min(t.timestamp) as first_at, max(t.timestamp) as last_at,
  extract(epoch from max(t.timestamp + coalesce(t.latency_ms, 0) * interval '1 millisecond') - min(t.timestamp))::float8 * 1000 as span_ms,
  sum(t.total_tokens)::float8 as total_tokens, sum(t.total_cost)::float8 as total_cost,
  count(*) filter (where t.level = 'ERROR')::int as error_traces`;

export function toSessionListItem(r: Record<string, unknown>): SessionListItem {
  const spanMs = Number(r.span_ms);
  return {
    sessionId: String(r.session_id),
    userId: r.user_id === null ? null : String(r.user_id),
    traceCount: Number(r.trace_count),
    firstAt: new Date(r.first_at as string),
    lastAt: new Date(r.last_at as string),
    // A single trace with no latency has no measured span: "0 ms" would read as an instant session.
    spanMs: spanMs > 0 ? spanMs : null,
    totalTokens: Number(r.total_tokens),
    totalCost: Number(r.total_cost),
    errorTraces: Number(r.error_traces),
  };
}

export async function listSessions(db: Db, projectId: string, q: SessionListQuery): Promise<{ items: SessionListItem[]; nextCursor: string | null }> {
  let after = sql``;
  if (q.cursor) {
    const c = decodeDateCursor(q.cursor);
    after = sql`and (t.timestamp, t.session_id) < (${c.v}::timestamptz, ${c.id})`;
  }
  const userFilter = (alias: string) => {
    const byUser = q.userId ? sql`and ${sql.raw(alias)}.user_id = ${q.userId}` : sql``;
    const byCohort = q.cohort
      ? sql` and exists (select 1 from cohort_members cm where cm.project_id = ${projectId} and cm.cohort_id = ${q.cohort} and cm.user_id = ${sql.raw(alias)}.user_id)`
      : sql``;
    const from = q.from ? sql` and ${sql.raw(alias)}.timestamp >= ${q.from.toISOString()}::timestamptz` : sql``;
    const to = q.to ? sql` and ${sql.raw(alias)}.timestamp < ${q.to.toISOString()}::timestamptz` : sql``;
    return sql`${byUser}${byCohort}${from}${to}`;
  };
  // The page's sessions first, walking the time index newest first and keeping each session's latest trace (no
  // later trace, ties broken by id): a page reads about its sessions' traces, not every trace of the project. Then
  // the totals of just those sessions, through the session index.
  const result = await db.execute(sql`
    with page as (
      select t.session_id from traces t
      where t.project_id = ${projectId} and t.session_id is not null ${userFilter("t")} ${after}
        and not exists (
          select 1 from traces l
          where l.project_id = t.project_id and l.session_id = t.session_id ${userFilter("l")}
            and (l.timestamp, l.id) > (t.timestamp, t.id)
        )
      order by t.timestamp desc, t.session_id desc
      limit ${q.limit + 1}
    )
    select t.session_id, ${sessionTotals}
    from traces t
    where t.project_id = ${projectId} and t.session_id in (select session_id from page) ${userFilter("t")}
    group by t.session_id
    order by max(t.timestamp) desc, t.session_id desc
  `);
  const rows = rowsOf<Record<string, unknown>>(result);
  const items = rows.slice(0, q.limit).map(toSessionListItem);
  const last = items[items.length - 1];
  const nextCursor = rows.length > q.limit && last ? encodeCursor(last.lastAt, last.sessionId) : null;
  return { items, nextCursor };
}
