// Sessions: the traces of one end-user conversation or visit, grouped by session id, most recent first.

import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";

export const sessionListQuerySchema = z.object({
  userId: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().max(200).optional()),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type SessionListQuery = z.output<typeof sessionListQuerySchema>;

export interface SessionListItem {
  sessionId: string;
  userId: string | null;
  traceCount: number;
  firstAt: Date;
  lastAt: Date;
  totalTokens: number;
  totalCost: number;
  errorTraces: number;
}

export class InvalidSessionCursorError extends Error {}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export async function listSessions(db: Db, projectId: string, q: SessionListQuery): Promise<{ items: SessionListItem[]; nextCursor: string | null }> {
  let after = sql``;
  if (q.cursor) {
    let c: { at: string; id: string };
    try {
      c = JSON.parse(Buffer.from(q.cursor, "base64url").toString("utf8"));
    } catch {
      throw new InvalidSessionCursorError("cursor: is not a cursor returned by this list");
    }
    if (typeof c?.id !== "string" || typeof c?.at !== "string" || Number.isNaN(Date.parse(c.at))) {
      throw new InvalidSessionCursorError("cursor: is not a cursor returned by this list");
    }
    after = sql`having (max(timestamp), session_id) < (${c.at}::timestamptz, ${c.id})`;
  }
  const userFilter = q.userId ? sql`and user_id = ${q.userId}` : sql``;
  const result = await db.execute(sql`
    select session_id, min(user_id) as user_id, count(*)::int as trace_count, min(timestamp) as first_at, max(timestamp) as last_at,
      sum(total_tokens)::float8 as total_tokens, sum(total_cost)::float8 as total_cost,
      count(*) filter (where level = 'ERROR')::int as error_traces
    from traces
    where project_id = ${projectId} and session_id is not null ${userFilter}
    group by session_id
    ${after}
    order by max(timestamp) desc, session_id desc
    limit ${q.limit + 1}
  `);
  const rows = rowsOf<Record<string, unknown>>(result);
  const items = rows.slice(0, q.limit).map((r) => ({
    sessionId: String(r.session_id),
    userId: r.user_id === null ? null : String(r.user_id),
    traceCount: Number(r.trace_count),
    firstAt: new Date(r.first_at as string),
    lastAt: new Date(r.last_at as string),
    totalTokens: Number(r.total_tokens),
    totalCost: Number(r.total_cost),
    errorTraces: Number(r.error_traces),
  }));
  const last = items[items.length - 1];
  const nextCursor = rows.length > q.limit && last ? Buffer.from(JSON.stringify({ at: last.lastAt.toISOString(), id: last.sessionId })).toString("base64url") : null;
  return { items, nextCursor };
}
