// The Users list: search, sort (first/last seen, cost, traces) and keyset paging over end_users joined to their
// profile (cost and trace counts are the profile job's, as of its last refresh). Each sort walks an index in order:
// (project_id, last_seen_at|first_seen_at, user_id) on end_users, (project_id, cost_usd|trace_count, user_id) on the
// profiles; so sorting by cost or traces lists the users the profile job has reached (all of them within minutes).
// Churn risk is the latest churn model's score, copied onto end_users.churn_risk by the churn job (null when unscored):
// sorting by it walks (project_id, churn_risk, user_id) over the scored users; the high-risk filter is a range of that
// index, or, under the last/first seen sorts, of a partial index of the high-risk users in that order (0076). Either
// way it lists only the users the model scored.
// Filters (window, search, cohort, high risk) are checked on the first FILTER_WALK users of the walk; when fewer than a
// page pass, the page is read from the filtered set through the filters' own indexes instead, so a selective filter,
// or one whose users all sort last, never scans the whole sort index (at 1M users that was 10-20 s for some pages).
// A window is checked on the walk's index entries (0075, 0080); a search asks the trigram indexes for its rare part only.
import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { decodeDateCursor, decodeNumberCursor, encodeCursor, InvalidCursorError } from "@/lib/pagination/cursor";
import { HIGH_CHURN_RISK } from "@/lib/insights/churn/features";
import { checkTimeRange, timeRangeQueryShape } from "@/lib/time-range/query";
import { selectiveSearchPart } from "@/lib/users/search-part";
import { endUserTrigramFrequencies, SEARCHED_COLUMNS } from "./search-trigrams";

export const USER_SORTS = ["lastSeen", "firstSeen", "cost", "traces", "churnRisk"] as const;

export const userListQuerySchema = z
  .object({
    /** A window (lib/time-range): when given, only users seen in it are listed; without one, every user. */
    ...timeRangeQueryShape,
    search: z.string().trim().max(200).optional(),
    /** A saved cohort's id (cohort_members, built by the cohorts feature), as every list's cohort filter takes it. */
    cohort: z.preprocess((v) => (v === "" ? undefined : v), z.uuid({ message: "must be a cohort id" }).optional()),
    sort: z.enum(USER_SORTS).default("lastSeen"),
    order: z.enum(["asc", "desc"]).default("desc"),
    /** `high`: only users whose churn risk is at least HIGH_CHURN_RISK. */
    risk: z.enum(["high"]).optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .superRefine(checkTimeRange);
export type UserListQuery = z.output<typeof userListQuerySchema>;

const CURSOR_MISMATCH = "cursor: is not a cursor returned by this list (or the sort changed)";

/** Each sort's column, whether its value is a time, and which table drives the walk. */
const SORT_EXPR: Record<UserListQuery["sort"], { expr: SQL; type: SQL; driver: "users" | "profiles" }> = {
  lastSeen: { expr: sql`eu.last_seen_at`, type: sql`timestamptz`, driver: "users" },
  firstSeen: { expr: sql`eu.first_seen_at`, type: sql`timestamptz`, driver: "users" },
  cost: { expr: sql`p.cost_usd`, type: sql`float8`, driver: "profiles" },
  traces: { expr: sql`p.trace_count`, type: sql`int`, driver: "profiles" },
  // Null for unscored users, who are not listed under this sort (the walk's `churn_risk is not null`).
  churnRisk: { expr: sql`eu.churn_risk`, type: sql`float8`, driver: "users" },
};
const TIME_SORTS: ReadonlySet<UserListQuery["sort"]> = new Set(["lastSeen", "firstSeen"]);
/**
 * The high-risk filter with the threshold as a literal, not a parameter: the planner can then prove it implies the
 * partial indexes' predicate (`churn_risk >= 0.5`) in a generic plan too.
 */
const HIGH_RISK = sql.raw(`eu.churn_risk >= ${Number(HIGH_CHURN_RISK)}`);

const FROM: Record<"users" | "profiles", SQL> = {
  users: sql`end_users eu left join end_user_profiles p on p.project_id = eu.project_id and p.user_id = eu.user_id`,
  profiles: sql`end_user_profiles p join end_users eu on p.project_id = eu.project_id and p.user_id = eu.user_id`,
};
const DRIVER_ALIAS = { users: "eu", profiles: "p" } as const;
const DRIVER_TABLE: Record<"users" | "profiles", SQL> = {
  users: sql`end_users eu`,
  profiles: sql`end_user_profiles p`,
};
/** A page's users (alias c) with their profile. */
const PAGE_JOINS = sql`join end_users eu on eu.project_id = c.project_id and eu.user_id = c.user_id
  left join end_user_profiles p on p.project_id = c.project_id and p.user_id = c.user_id`;
/**
 * How many users, in sort order, a filtered page examines before it reads the filtered set instead: a filter that
 * keeps more than about 1 in 80 users fills a page from them; one that keeps fewer is read through its own index
 * (the window's last-seen range, the cohort's members, the high-risk users' indexes, the trigram search), then small.
 */
export const FILTER_WALK = 4000;

async function hasTable(db: Db, name: string): Promise<boolean> {
  const [row] = rowsOf<{ t: string | null }>(await db.execute(sql`select to_regclass(${name})::text as t`));
  return row?.t != null;
}

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `column` contains `search`, case-insensitively. With a selective part, the trigram index is asked for the part and
 * the whole search is checked by strpos (what ILIKE '%…%' does: both sides lowered), which the index cannot take.
 */
function contains(column: SQL, search: string, selectivePart: string | null): SQL {
  if (!selectivePart) return sql`${column} ilike ${likePattern(search)}`;
  return sql`(${column} ilike ${likePattern(selectivePart)} and strpos(lower(${column}), lower(${search})) > 0)`;
}

/**
 * Users seen in the window, when one is given: first seen before its end and last seen at or after its start (their
 * span of activity overlaps it; for a window ending now, exactly the users active in it). Without one, every user.
 */
export async function listUsers(db: Db, projectId: string, q: UserListQuery, window?: { from: Date; to: Date }) {
  if (q.cohort && !(await hasTable(db, "cohort_members"))) throw new AppError("invalid_request", "cohort: cohorts are not available in this build");
  const { expr, type, driver } = SORT_EXPR[q.sort];
  const date = TIME_SORTS.has(q.sort);
  const desc = q.order === "desc";
  const alias = sql.raw(DRIVER_ALIAS[driver]);
  const id = sql`${alias}.user_id`;
  const keyset: SQL[] = [sql`${alias}.project_id = ${projectId}`];
  // A bound on the sorted column is a range of the walk's own index (it skips the users outside it), not a filter.
  const filters: SQL[] = [];
  if (q.search) {
    const search = q.search;
    const frequencies = await endUserTrigramFrequencies(db);
    const [byId, byEmail] = SEARCHED_COLUMNS.map((column) => contains(sql.raw(`eu.${column}`), search, selectiveSearchPart(search, frequencies[column])));
    filters.push(sql`(${byId} or ${byEmail})`);
  }
  if (q.cohort) {
    filters.push(sql`exists (select 1 from cohort_members cm where cm.project_id = eu.project_id and cm.cohort_id = ${q.cohort}::uuid and cm.user_id = eu.user_id)`);
  }
  // The window's bound that is not a range of the walk: on end_users' seen sorts it is checked on the walk's index
  // entries (each seen index carries the other seen time, 0075 and 0080), before any candidate's row is read.
  const walkFilters: ((t: SQL) => SQL)[] = [];
  if (window) {
    const seenSince = (t: SQL) => sql`${t}.last_seen_at >= ${window.from.toISOString()}::timestamptz`;
    const firstBefore = (t: SQL) => sql`${t}.first_seen_at < ${window.to.toISOString()}::timestamptz`;
    for (const [bound, isRange] of [[seenSince, q.sort === "lastSeen"], [firstBefore, q.sort === "firstSeen"]] as const) {
      if (isRange) keyset.push(bound(sql`eu`));
      else if (driver === "users") walkFilters.push(bound);
      else filters.push(bound(sql`eu`));
    }
  }
  if (q.sort === "churnRisk") keyset.push(sql`eu.churn_risk is not null`);
  // On end_users, high risk narrows the walk of any end_users-driven sort (a partial index each for last/first seen).
  if (q.risk === "high") (driver === "users" ? keyset : filters).push(HIGH_RISK);
  if (q.cursor) {
    const c = date ? decodeDateCursor(q.cursor, CURSOR_MISMATCH) : decodeNumberCursor(q.cursor, CURSOR_MISMATCH);
    if (q.sort === "traces" && !Number.isInteger(c.v)) throw new InvalidCursorError(CURSOR_MISMATCH);
    const v = sql`${c.v}::${type}`;
    keyset.push(desc ? sql`(${expr}, ${id}) < (${v}, ${c.id})` : sql`(${expr}, ${id}) > (${v}, ${c.id})`);
  }
  const dir = desc ? sql`desc` : sql`asc`;
  const and = (conds: SQL[]) => sql.join(conds, sql` and `);
  const size = q.limit + 1;
  // The page's users from `source` (project_id, user_id, sort_value in page order), with their columns.
  const page = async (source: SQL, where: SQL[]) =>
    rowsOf<Record<string, unknown>>(
      await db.execute(sql`
        select eu.user_id, eu.plan, eu.country, eu.email, eu.first_seen_at, eu.last_seen_at,
          p.trace_count, p.event_count, p.session_count, p.cost_usd, p.engagement_score, p.computed_at, eu.churn_risk, c.sort_value
        from (${source}) c ${PAGE_JOINS}
        ${where.length ? sql`where ${and(where)}` : sql``}
        order by c.sort_value ${dir}, c.user_id ${dir}
        limit ${size}`),
    );
  // The sort index's next n users: the page itself without filters; with them, FILTER_WALK candidates filtered as they
  // stream (by the window first, on the index entries, then by the other filters on the candidate's row).
  const walk = (n: number) => {
    const seen = walkFilters.length ? sql`, eu.first_seen_at, eu.last_seen_at` : sql``;
    const entries = sql`select ${alias}.project_id, ${alias}.user_id, ${expr} as sort_value${seen} from ${DRIVER_TABLE[driver]}
      where ${and(keyset)} order by ${expr} ${dir}, ${id} ${dir} limit ${n}`;
    return walkFilters.length ? sql`select w.project_id, w.user_id, w.sort_value from (${entries}) w where ${and(walkFilters.map((f) => f(sql`w`)))}` : entries;
  };
  const filtering = filters.length > 0 || walkFilters.length > 0;
  let rows = await page(walk(filtering ? FILTER_WALK : size), filters);
  if (filtering && rows.length < size) {
    // Fewer matches than a page among the candidates: the filters are selective (or their users sort last), so read
    // the filtered set through the filters' own indexes and sort it. OFFSET 0 keeps the planner from walking the sort
    // index again (its estimates assume the filters independent of the sort, which is how it got here).
    const all = [...keyset, ...walkFilters.map((f) => f(sql`eu`)), ...filters];
    rows = await page(
      sql`select * from (select ${alias}.project_id, ${alias}.user_id, ${expr} as sort_value from ${FROM[driver]} where ${and(all)} offset 0) f
        order by f.sort_value ${dir}, f.user_id ${dir} limit ${size}`,
      [],
    );
  }
  const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
  const num = (v: unknown) => (v == null ? null : Number(v));
  const items = rows.slice(0, q.limit).map((r) => ({
    userId: String(r.user_id),
    plan: (r.plan as string | null) ?? null,
    country: (r.country as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    firstSeenAt: iso(r.first_seen_at),
    lastSeenAt: iso(r.last_seen_at),
    /** From the profile job; null until it has run for this user. */
    traces: num(r.trace_count),
    events: num(r.event_count),
    sessions: num(r.session_count),
    costUsd: num(r.cost_usd),
    engagementScore: num(r.engagement_score),
    profileComputedAt: iso(r.computed_at),
    /** The latest churn model's risk (0-1); null when no model has scored this user (not active, or no model yet). */
    churnRisk: num(r.churn_risk),
  }));
  const last = rows[q.limit - 1];
  const nextCursor =
    rows.length > q.limit && last ? encodeCursor(date ? new Date(last.sort_value as string) : Number(last.sort_value), String(last.user_id)) : null;
  return { items, nextCursor };
}
