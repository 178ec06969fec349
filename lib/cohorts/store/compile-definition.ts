// Compiles a cohort definition into ONE set-based, parameterised SELECT of `user_id` (no I/O here): leaves are
// filtered scans or GROUP BYs, all/any/not become INTERSECT/UNION/EXCEPT, nested cohorts are inlined. User values
// only ever travel as bound parameters.
import { sql, type SQL } from "drizzle-orm";
import { COLUMN_TRAITS, type CohortDefinition, type EventNode, type Scalar, type TraitNode } from "../definition";

export interface CompileContext {
  projectId: string;
  /** "Now" for event windows (withinDays). */
  now: Date;
  /** Every cohort of the project, for nested references. */
  cohorts: ReadonlyMap<string, CohortDefinition>;
  /**
   * The longest `withinDays` window counted from the rollup of event times (`user_event_times`) instead of the raw
   * events: the project's hot retention, within which both hold the same events (the rollup outlives the raw rows the
   * retention job deletes). Absent: every event node reads the raw events.
   */
  rollupMaxDays?: number;
}

const DAY_MS = 86_400_000;
const NUMERIC = "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$";

/** Every known end user of the project: what `not` and zero-count event conditions are taken against. */
function universe(ctx: CompileContext): SQL {
  return sql`select user_id from end_users where project_id = ${ctx.projectId}`;
}

/** A trait's value on an end_users row (`table`: the alias it is read through, if any). */
export function traitExpr(trait: string, table?: string): SQL {
  const prefix = table ? sql`${sql.identifier(table)}.` : sql``;
  if (Object.hasOwn(COLUMN_TRAITS, trait)) return sql`${prefix}${sql.identifier(COLUMN_TRAITS[trait as keyof typeof COLUMN_TRAITS])}`;
  return sql`(${prefix}properties ->> ${trait})`;
}

function numeric(expr: SQL): SQL {
  return sql`(case when ${expr} ~ ${NUMERIC} then (${expr})::numeric end)`;
}

function asText(value: Scalar): string {
  return typeof value === "string" ? value : String(value);
}

/** A comparison between the trait and one value: timestamps for signupAt, numbers for numbers, else text. */
function compare(trait: string, op: "=" | ">" | ">=" | "<" | "<=", value: Scalar): SQL {
  const expr = traitExpr(trait);
  const operator = sql.raw(op);
  if (trait === "signupAt") return sql`${expr} ${operator} ${asText(value)}::timestamptz`;
  if (typeof value === "number") return sql`${numeric(expr)} ${operator} ${value}::numeric`;
  return sql`${expr} ${operator} ${asText(value)}`;
}

function inList(trait: string, values: Scalar[]): SQL {
  const expr = traitExpr(trait);
  if (trait === "signupAt") {
    return sql`${expr} in (select v::timestamptz from jsonb_array_elements_text(${JSON.stringify(values)}::jsonb) v)`;
  }
  return sql`${expr} in (select jsonb_array_elements_text(${JSON.stringify(values.map(asText))}::jsonb))`;
}

function traitCondition(node: TraitNode): SQL {
  const expr = traitExpr(node.trait);
  const value = node.value as Scalar;
  switch (node.op) {
    case "eq":
      return compare(node.trait, "=", value);
    // Different from the value, or not set at all.
    case "neq":
      return sql`coalesce(not (${compare(node.trait, "=", value)}), true)`;
    case "in":
      return inList(node.trait, node.value as Scalar[]);
    case "notIn":
      return sql`coalesce(not (${inList(node.trait, node.value as Scalar[])}), true)`;
    case "gt":
      return compare(node.trait, ">", value);
    case "gte":
      return compare(node.trait, ">=", value);
    case "lt":
      return compare(node.trait, "<", value);
    case "lte":
      return compare(node.trait, "<=", value);
    case "contains":
      return sql`strpos(lower(${expr}), lower(${asText(value)})) > 0`;
    case "set":
      return sql`${expr} is not null`;
    case "notSet":
      return sql`${expr} is null`;
  }
}

type CountTest = (count: SQL) => SQL;

/** Users whose number of matching events passes `test` (users with none of them are not listed). */
function eventCounts(node: EventNode, ctx: CompileContext, test: CountTest): SQL {
  if (node.withinDays && !hasProperties(node) && ctx.rollupMaxDays !== undefined && node.withinDays <= ctx.rollupMaxDays) {
    return rollupEventCounts(node.event, node.withinDays, ctx, test);
  }
  const window = node.withinDays
    ? sql` and timestamp > ${new Date(ctx.now.getTime() - node.withinDays * DAY_MS).toISOString()}::timestamptz and timestamp <= ${ctx.now.toISOString()}::timestamptz`
    : sql``;
  const props = hasProperties(node) ? sql` and properties @> ${JSON.stringify(node.properties)}::jsonb` : sql``;
  return sql`select user_id from events where project_id = ${ctx.projectId} and user_id is not null and name = ${node.event}${window}${props} group by user_id having ${test(sql`count(*)`)}`;
}

const hasProperties = (node: EventNode) => node.properties !== undefined && Object.keys(node.properties).length > 0;

/**
 * The same users as the raw GROUP BY over (now - withinDays, now], from the rollup's sorted event times (microseconds
 * since 1970, chunks of up to 128 per user and name): `width_bucket` counts a chunk's times up to an instant by binary
 * search, so a chunk's count in the window is two lookups. The rollup has no properties, hence raw reads for those.
 */
function rollupEventCounts(event: string, withinDays: number, ctx: CompileContext, test: CountTest): SQL {
  const since = new Date(ctx.now.getTime() - withinDays * DAY_MS);
  const [sinceUs, nowUs] = [since.getTime() * 1000, ctx.now.getTime() * 1000];
  return sql`select user_id from user_event_times where project_id = ${ctx.projectId} and name = ${event}
    and last_at > ${since.toISOString()}::timestamptz and first_at <= ${ctx.now.toISOString()}::timestamptz
    group by user_id having ${test(sql`sum(width_bucket(${nowUs}::float8, times) - width_bucket(${sinceUs}::float8, times))`)}`;
}

function eventSet(node: EventNode, ctx: CompileContext): SQL {
  const { op, value } = node.count ?? { op: "gte" as const, value: 1 };
  // Conditions a user with no such event meets are taken as "everyone except those with more".
  if (op === "lte") return sql`(${universe(ctx)}) except (${eventCounts(node, ctx, (n) => sql`${n} > ${value}`)})`;
  if (op === "eq" && value === 0) return sql`(${universe(ctx)}) except (${eventCounts(node, ctx, (n) => sql`${n} > 0`)})`;
  if (op === "gte" && value === 0) return universe(ctx);
  return eventCounts(node, ctx, op === "eq" ? (n) => sql`${n} = ${value}` : (n) => sql`${n} >= ${value}`);
}

function compileNode(node: CohortDefinition, ctx: CompileContext, visiting: ReadonlySet<string>): SQL {
  if ("trait" in node) return sql`select user_id from end_users where project_id = ${ctx.projectId} and ${traitCondition(node)}`;
  if ("event" in node) return eventSet(node, ctx);
  if ("experiment" in node) {
    const variant = node.variant ? sql` and e.variant_key = ${node.variant}` : sql``;
    return sql`select e.user_id from experiment_exposures e join experiments x on x.id = e.experiment_id where x.project_id = ${ctx.projectId} and e.project_id = ${ctx.projectId} and x.key = ${node.experiment}${variant}`;
  }
  if ("static" in node) return sql`select jsonb_array_elements_text(${JSON.stringify(node.static)}::jsonb) as user_id`;
  if ("cohort" in node) {
    const nested = ctx.cohorts.get(node.cohort);
    // Validation refuses both on save; a cohort deleted later or a cycle written around it matches nobody.
    if (!nested || visiting.has(node.cohort)) return sql`select null::text as user_id where false`;
    return compileNode(nested, ctx, new Set([...visiting, node.cohort]));
  }
  if ("not" in node) return sql`(${universe(ctx)}) except (${compileNode(node.not, ctx, visiting)})`;
  const [children, op] = "all" in node ? [node.all, sql` intersect `] : [node.any, sql` union `];
  return sql.join(
    children.map((child) => sql`(${compileNode(child, ctx, visiting)})`),
    op,
  );
}

/** One SELECT of the distinct user ids in a cohort (`user_id` column). */
export function compileCohort(definition: CohortDefinition, ctx: CompileContext, selfId?: string): SQL {
  return sql`select distinct user_id from (${compileNode(definition, ctx, new Set(selfId ? [selfId] : []))}) members where user_id is not null`;
}
