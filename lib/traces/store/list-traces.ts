// The traces list: filters, sorting and keyset pagination. One module serves the public API and the page.

import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { decodeDateCursor, decodeNumberCursor, encodeCursor, type Keyset } from "@/lib/pagination/cursor";
import { rowsOf, type Db } from "@/db/client";
import { traces } from "@/db/schema";
import { OBSERVATION_LEVELS } from "../types";
import { previewText, traceInputText, traceOutputText } from "../payload-text";
import { traceInputSql, traceOutputSql } from "./trace-payloads";
import { checkTimeRange, timeRangeQueryShape } from "@/lib/time-range/query";

export const TRACE_SORT_KEYS = ["timestamp", "latency", "cost", "tokens"] as const;
export type TraceSortKey = (typeof TRACE_SORT_KEYS)[number];

// Empty query-string values (an unset form field) mean "no filter".
const blankToUndefined = (v: unknown) => (v === "" ? undefined : v);
const optionalText = z.preprocess(blankToUndefined, z.string().trim().max(200).optional());
const optionalNumber = z.preprocess(blankToUndefined, z.coerce.number({ message: "must be a number" }).nonnegative("must be zero or more").optional());
const optionalDate = z.preprocess(blankToUndefined, z.coerce.date({ message: "must be an ISO-8601 date" }).optional());

export const traceListQuerySchema = z.object({
  from: optionalDate,
  to: optionalDate,
  /** Case-insensitive substring of the trace name. */
  name: optionalText,
  userId: optionalText,
  sessionId: optionalText,
  /** Traces with at least one observation of this model. */
  model: optionalText,
  environment: optionalText,
  level: z.preprocess(blankToUndefined, z.enum(OBSERVATION_LEVELS).optional()),
  tag: optionalText,
  minLatencyMs: optionalNumber,
  minCost: optionalNumber,
  /** Traces whose end-user text was analysed with this sentiment label. */
  sentiment: z.preprocess(blankToUndefined, z.enum(["negative", "neutral", "positive"]).optional()),
  /** Traces of the members of this saved cohort (as of its last refresh). */
  cohort: z.preprocess(blankToUndefined, z.uuid({ message: "must be a cohort id" }).optional()),
  sort: z.enum(TRACE_SORT_KEYS).default("timestamp"),
  order: z.enum(["asc", "desc"]).default("desc"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TraceListQuery = z.output<typeof traceListQuerySchema>;

/** The list's filters in the form (the time range, sort, order, paging and columns aside): "Filters (n)" counts these. */
export const TRACE_FILTER_KEYS = ["name", "userId", "sessionId", "model", "environment", "level", "tag", "minLatencyMs", "minCost", "sentiment", "cohort"] as const satisfies readonly (keyof TraceListQuery)[];

/**
 * `GET /api/v1/traces`: the list's filters, its window the app's time range (`range=24h|7d|30d|90d` or `from`/`to`,
 * default the last 7 days like the Traces page) read by the shared parser, so a bad range is a 400 naming the field.
 */
export const traceApiQuerySchema = traceListQuerySchema.omit({ from: true, to: true }).extend(timeRangeQueryShape).superRefine(checkTimeRange);

export interface TraceListItem {
  id: string;
  name: string | null;
  timestamp: Date;
  userId: string | null;
  sessionId: string | null;
  environment: string;
  release: string | null;
  version: string | null;
  tags: string[];
  level: string;
  latencyMs: number | null;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  totalCost: number;
  observationCount: number;
  /** The trace input as one line of text (the user's words when recognisable), at most PREVIEW_MAX characters. */
  input: string | null;
  /** The trace output as one line of text (the model's answer when recognisable), at most PREVIEW_MAX characters. */
  output: string | null;
}

/** Longest input/output preview a list item carries (the table shows its start and the rest on hover). */
export const PREVIEW_MAX = 1000;

export interface TraceListPage {
  items: TraceListItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const sortExpr: Record<TraceSortKey, SQL> = {
  timestamp: sql`${traces.timestamp}`,
  latency: sql`coalesce(${traces.latencyMs}, -1)`,
  cost: sql`${traces.totalCost}`,
  tokens: sql`${traces.totalTokens}`,
};

const CURSOR_MISMATCH = "cursor: is not a cursor returned by this list (or the sort changed)";

function decodeCursor(raw: string, sort: TraceSortKey): Keyset<string | number> {
  return sort === "timestamp" ? decodeDateCursor(raw, CURSOR_MISMATCH) : decodeNumberCursor(raw, CURSOR_MISMATCH);
}

/** The conditions of the query's filters (everything but the cursor). */
function filterConditions(projectId: string, q: TraceListQuery): SQL[] {
  const where: SQL[] = [eq(traces.projectId, projectId)];
  if (q.from) where.push(gte(traces.timestamp, q.from));
  // [from, to): the app's time range is half-open, like the Sessions list, Costs and the rollups, so a range ending at a
  // trace's timestamp counts that trace nowhere rather than on one page and not the next.
  if (q.to) where.push(lt(traces.timestamp, q.to));
  if (q.name) where.push(sql`${traces.name} ilike ${`%${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (q.userId) where.push(eq(traces.userId, q.userId));
  if (q.sessionId) where.push(eq(traces.sessionId, q.sessionId));
  if (q.environment) where.push(eq(traces.environment, q.environment));
  if (q.level) where.push(eq(traces.level, q.level));
  if (q.tag) where.push(sql`${q.tag} = any(${traces.tags})`);
  if (q.minLatencyMs !== undefined) where.push(gte(traces.latencyMs, q.minLatencyMs));
  if (q.minCost !== undefined) where.push(gte(traces.totalCost, q.minCost));
  if (q.sentiment) {
    where.push(
      sql`exists (select 1 from trace_sentiment s where s.project_id = ${traces.projectId} and s.trace_id = ${traces.id} and s.label = ${q.sentiment})`,
    );
  }
  if (q.cohort) {
    where.push(sql`exists (select 1 from cohort_members cm where cm.project_id = ${traces.projectId} and cm.cohort_id = ${q.cohort} and cm.user_id = ${traces.userId})`);
  }
  if (q.model) {
    where.push(
      sql`exists (select 1 from observations o where o.project_id = ${traces.projectId} and o.trace_id = ${traces.id} and o.model = ${q.model})`,
    );
  }
  return where;
}

/** Counted up to this many: past it the page says "more than 100,000", so a count never scans a whole large project. */
export const TRACE_COUNT_CAP = 100_000;

/** How many traces match the query's filters (the cursor aside), up to TRACE_COUNT_CAP; `capped` when there are more. */
export async function countTraces(db: Db, projectId: string, q: TraceListQuery): Promise<{ count: number; capped: boolean }> {
  const matching = db.select({ one: sql`1` }).from(traces).where(and(...filterConditions(projectId, q))).limit(TRACE_COUNT_CAP + 1).as("matching");
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(matching);
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, TRACE_COUNT_CAP), capped: n > TRACE_COUNT_CAP };
}

/**
 * The ids of the traces matching the query's filters (the cursor aside), in the list's order, at most `max`: what a
 * bulk action on "the current filters" acts on (e.g. adding them to a dataset).
 */
export async function matchingTraceIds(db: Db, projectId: string, q: Omit<TraceListQuery, "cursor" | "limit">, max: number): Promise<string[]> {
  const expr = sortExpr[q.sort];
  const rows = await db
    .select({ id: traces.id })
    .from(traces)
    .where(and(...filterConditions(projectId, { ...q, limit: max })))
    .orderBy(q.order === "desc" ? sql`${expr} desc, ${traces.id} desc` : sql`${expr} asc, ${traces.id} asc`)
    .limit(max);
  return rows.map((r) => r.id);
}

export async function listTraces(db: Db, projectId: string, q: TraceListQuery): Promise<TraceListPage> {
  const where = filterConditions(projectId, q);
  const expr = sortExpr[q.sort];
  const desc = q.order === "desc";
  if (q.cursor) {
    const c = decodeCursor(q.cursor, q.sort);
    // Typed as the sorted column, so the comparison stays on the sort's index.
    const v =
      q.sort === "timestamp"
        ? sql`${new Date(c.v as string).toISOString()}::timestamptz`
        : q.sort === "tokens"
          ? sql`${Math.trunc(c.v as number)}::bigint`
          : sql`${c.v}::double precision`;
    where.push(desc ? sql`(${expr}, ${traces.id}) < (${v}, ${c.id})` : sql`(${expr}, ${traces.id}) > (${v}, ${c.id})`);
  }
  const rows = await db
    .select({
      id: traces.id,
      name: traces.name,
      timestamp: traces.timestamp,
      userId: traces.userId,
      sessionId: traces.sessionId,
      environment: traces.environment,
      release: traces.release,
      version: traces.version,
      tags: traces.tags,
      level: traces.level,
      latencyMs: traces.latencyMs,
      inputTokens: traces.inputTokens,
      outputTokens: traces.outputTokens,
      totalTokens: traces.totalTokens,
      totalCost: traces.totalCost,
      observationCount: traces.observationCount,
      inputPayload: sql<unknown>`${traceInputSql("traces")}`,
      outputPayload: sql<unknown>`${traceOutputSql("traces")}`,
    })
    .from(traces)
    .where(and(...where))
    .orderBy(desc ? sql`${expr} desc, ${traces.id} desc` : sql`${expr} asc, ${traces.id} asc`)
    .limit(q.limit + 1);
  const items = rows.slice(0, q.limit).map(({ inputPayload, outputPayload, ...r }) => ({
    ...r,
    inputTokens: Number(r.inputTokens),
    outputTokens: Number(r.outputTokens),
    totalTokens: Number(r.totalTokens),
    input: previewText(traceInputText(inputPayload), PREVIEW_MAX),
    output: previewText(traceOutputText(outputPayload), PREVIEW_MAX),
  }));
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor(
            q.sort === "timestamp"
              ? last.timestamp.toISOString()
              : q.sort === "latency"
                ? (last.latencyMs ?? -1)
                : q.sort === "cost"
                  ? last.totalCost
                  : last.totalTokens,
          last.id,
        )
      : null;
  return { items, nextCursor };
}

/** Distinct values for the filter menus (bounded). */
export async function traceFilterOptions(db: Db, projectId: string) {
  const [envs, models] = await Promise.all([
    db.execute<{ v: string }>(sql`select distinct environment as v from traces where project_id = ${projectId} order by 1 limit 50`),
    db.execute<{ v: string }>(sql`select distinct model as v from observations where project_id = ${projectId} and model is not null order by 1 limit 100`),
  ]);
  const values = (r: unknown) => rowsOf<{ v: string }>(r).map((x) => x.v);
  return { environments: values(envs), models: values(models) };
}
