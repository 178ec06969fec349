// One trace session as a conversation: its totals and its traces in time order as turns (input and output text,
// latency, cost, scores, the end user's sentiment). Feeds the session page and GET /api/v1/sessions/{sessionId}.

import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/client";
import { traceInputText, traceOutputText } from "../payload-text";
import { sessionTotals, toSessionListItem, type SessionListItem } from "./list-sessions";
import { traceInputSql, traceOutputSql } from "./trace-payloads";

/** Turns shown at most; a longer session says how many it holds and links to its full trace list. */
export const SESSION_TURN_LIMIT = 200;

export interface SessionTurnScore {
  name: string;
  value: number | null;
  stringValue: string | null;
  dataType: "numeric" | "boolean" | "categorical";
  source: string;
}

export interface SessionTurn {
  traceId: string;
  name: string | null;
  timestamp: Date;
  level: string;
  latencyMs: number | null;
  totalTokens: number;
  totalCost: number;
  /** The trace input as text (the user's words when recognisable, else JSON); null when it has none. */
  input: string | null;
  /** The trace output as text (the model's answer when recognisable, else JSON); null when it has none. */
  output: string | null;
  scores: SessionTurnScore[];
  /** The end user's sentiment of this trace (lib/sentiment); null until analysed or without user text. */
  sentiment: { label: string | null; polarity: number } | null;
}

export interface SessionDetail extends SessionListItem {
  /** The first SESSION_TURN_LIMIT traces, oldest first. */
  turns: SessionTurn[];
}

export async function getSession(db: Db, projectId: string, sessionId: string, limit = SESSION_TURN_LIMIT): Promise<SessionDetail | null> {
  const [summary, turns] = await Promise.all([
    db.execute(sql`select t.session_id, ${sessionTotals} from traces t
      where t.project_id = ${projectId} and t.session_id = ${sessionId} group by t.session_id`),
    db.execute(sql`
      select t.id, t.name, t.timestamp, t.level, t.latency_ms, t.total_tokens::float8 as total_tokens, t.total_cost,
        ${traceInputSql("t")} as input, ${traceOutputSql("t")} as output,
        s.label as sentiment_label, s.polarity as sentiment_polarity,
        (select coalesce(json_agg(json_build_object('name', sc.name, 'value', sc.value, 'stringValue', sc.string_value,
            'dataType', sc.data_type, 'source', sc.source) order by sc.timestamp, sc.id), '[]')::text
          from scores sc where sc.project_id = t.project_id and sc.trace_id = t.id) as scores
      from traces t
      left join trace_sentiment s on s.project_id = t.project_id and s.trace_id = t.id
      where t.project_id = ${projectId} and t.session_id = ${sessionId}
      order by t.timestamp, t.id
      limit ${limit}`),
  ]);
  const [row] = rowsOf<Record<string, unknown>>(summary);
  if (!row) return null;
  return {
    ...toSessionListItem(row),
    turns: rowsOf<Record<string, unknown>>(turns).map((r) => ({
      traceId: String(r.id),
      name: r.name === null ? null : String(r.name),
      timestamp: new Date(r.timestamp as string),
      level: String(r.level),
      latencyMs: r.latency_ms === null ? null : Number(r.latency_ms),
      totalTokens: Number(r.total_tokens),
      totalCost: Number(r.total_cost),
      input: traceInputText(r.input),
      output: traceOutputText(r.output),
      scores: JSON.parse(String(r.scores)) as SessionTurnScore[],
      sentiment: r.sentiment_polarity === null || r.sentiment_polarity === undefined ? null : { label: r.sentiment_label as string | null, polarity: Number(r.sentiment_polarity) },
    })),
  };
}
