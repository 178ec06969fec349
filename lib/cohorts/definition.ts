// Cohort definitions: the JSON tree a cohort is saved as (traits, behaviour, experiments, nested cohorts, static
// lists and all/any/not), validated node by node so a 400 names the path of the bad node ("definition.all.1.op").
import { z } from "zod";

export const TRAIT_OPS = ["eq", "neq", "in", "notIn", "gt", "gte", "lt", "lte", "contains", "set", "notSet"] as const;
export type TraitOp = (typeof TRAIT_OPS)[number];
export type Scalar = string | number | boolean;

export type TraitNode = { trait: string; op: TraitOp; value?: Scalar | Scalar[] };
export type EventNode = {
  event: string;
  count?: { op: "gte" | "lte" | "eq"; value: number };
  /** Absent: at any time. */
  withinDays?: number;
  properties?: Record<string, Scalar>;
};
export type ExperimentNode = { experiment: string; variant?: string };
export type NestedCohortNode = { cohort: string };
export type StaticNode = { static: string[] };
export type CohortDefinition =
  | TraitNode
  | EventNode
  | ExperimentNode
  | NestedCohortNode
  | StaticNode
  | { all: CohortDefinition[] }
  | { any: CohortDefinition[] }
  | { not: CohortDefinition };

/** Traits stored as columns of end_users; any other trait is a key of end_users.properties. */
export const COLUMN_TRAITS = { plan: "plan", country: "country", signupAt: "signup_at" } as const;

export const MAX_DEPTH = 12;
export const MAX_NODES = 200;
export const MAX_STATIC_USERS = 50_000;

const name = z.string().trim().min(1).max(200);
const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
const uuid = z.uuid();

const traitSchema = z.strictObject({ trait: name, op: z.enum(TRAIT_OPS), value: z.union([scalar, z.array(scalar).min(1).max(1000)]).optional() });
const eventSchema = z.strictObject({
  event: name,
  count: z.strictObject({ op: z.enum(["gte", "lte", "eq"]), value: z.number().int().min(0).max(1_000_000) }).optional(),
  withinDays: z.number().int().min(1).max(3650).optional(),
  properties: z.record(z.string().min(1).max(200), scalar).optional(),
});
const experimentSchema = z.strictObject({ experiment: name, variant: name.optional() });
const cohortSchema = z.strictObject({ cohort: uuid });
const staticSchema = z.strictObject({ static: z.array(z.string().min(1).max(512)).max(MAX_STATIC_USERS) });

const LEAVES = { trait: traitSchema, event: eventSchema, experiment: experimentSchema, cohort: cohortSchema, static: staticSchema } as const;
const KINDS = [...Object.keys(LEAVES), "all", "any", "not"];

type Issue = { path: (string | number)[]; message: string };

/** What a trait op needs as its value; a message when the node is wrong, else null. */
function traitValueProblem(node: TraitNode): Issue | null {
  const { op, value, trait } = node;
  if (op === "set" || op === "notSet") return value === undefined ? null : { path: ["value"], message: `${op} takes no value` };
  if (value === undefined) return { path: ["value"], message: `${op} needs a value` };
  if (op === "in" || op === "notIn") return Array.isArray(value) ? null : { path: ["value"], message: `${op} needs an array of values` };
  if (Array.isArray(value)) return { path: ["value"], message: `${op} needs a single value, not an array` };
  if (op === "contains" && typeof value !== "string") return { path: ["value"], message: "contains needs a string" };
  if (["gt", "gte", "lt", "lte"].includes(op) && typeof value === "boolean") return { path: ["value"], message: `${op} needs a number or a string` };
  if (trait === "signupAt" && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) {
    return { path: ["value"], message: "signupAt compares with an ISO-8601 date" };
  }
  if (trait === "signupAt" && (op === "contains")) return { path: ["op"], message: "signupAt is a date: use eq, neq, in, gt, gte, lt, lte, set or notSet" };
  return null;
}

function checkNode(node: unknown, path: (string | number)[], depth: number, count: { nodes: number }, issues: Issue[]) {
  if (issues.length) return;
  count.nodes += 1;
  if (count.nodes > MAX_NODES) return void issues.push({ path, message: `a definition has at most ${MAX_NODES} nodes` });
  if (depth > MAX_DEPTH) return void issues.push({ path, message: `a definition nests at most ${MAX_DEPTH} levels` });
  if (typeof node !== "object" || node === null || Array.isArray(node)) return void issues.push({ path, message: `expected a node: an object with one of ${KINDS.join(", ")}` });
  const kind = KINDS.find((k) => k in node);
  if (!kind) return void issues.push({ path, message: `expected a node: an object with one of ${KINDS.join(", ")}` });
  if (kind === "all" || kind === "any") {
    const children = (node as Record<string, unknown>)[kind];
    if (Object.keys(node).length !== 1) return void issues.push({ path, message: `${kind} takes no other keys` });
    if (!Array.isArray(children) || children.length === 0) return void issues.push({ path: [...path, kind], message: `${kind} needs a non-empty array of nodes` });
    children.forEach((child, i) => checkNode(child, [...path, kind, i], depth + 1, count, issues));
    return;
  }
  if (kind === "not") {
    if (Object.keys(node).length !== 1) return void issues.push({ path, message: "not takes no other keys" });
    return checkNode((node as { not: unknown }).not, [...path, "not"], depth + 1, count, issues);
  }
  const parsed = LEAVES[kind as keyof typeof LEAVES].safeParse(node);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return void issues.push({ path: [...path, ...(issue.path as (string | number)[])], message: issue.message });
  }
  if (kind === "trait") {
    const problem = traitValueProblem(parsed.data as TraitNode);
    if (problem) issues.push({ path: [...path, ...problem.path], message: problem.message });
  }
}

/** The first problem of a definition tree with its path below the tree's root, or null when the tree is valid. */
export function definitionIssue(definition: unknown): Issue | null {
  const issues: Issue[] = [];
  checkNode(definition, [], 0, { nodes: 0 }, issues);
  return issues[0] ?? null;
}

/** A definition field for request schemas: any structural problem is a zod issue at the bad node's path. */
export const cohortDefinitionSchema = z.unknown().superRefine((value, ctx) => {
  const issue = definitionIssue(value);
  if (issue) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
}) as unknown as z.ZodType<CohortDefinition>;

/** The ids of the cohorts a definition nests, each with its path. */
export function nestedCohortRefs(definition: CohortDefinition, path: (string | number)[] = []): { id: string; path: (string | number)[] }[] {
  if ("cohort" in definition) return [{ id: definition.cohort, path: [...path, "cohort"] }];
  if ("all" in definition) return definition.all.flatMap((d, i) => nestedCohortRefs(d, [...path, "all", i]));
  if ("any" in definition) return definition.any.flatMap((d, i) => nestedCohortRefs(d, [...path, "any", i]));
  if ("not" in definition) return nestedCohortRefs(definition.not, [...path, "not"]);
  return [];
}

/**
 * Why saving `definition` as cohort `selfId` would make a cycle or name a missing cohort, given every stored cohort's
 * definition; null when it is fine. Walks nested references depth-first.
 */
export function nestingProblem(selfId: string | null, definition: CohortDefinition, stored: ReadonlyMap<string, CohortDefinition>): Issue | null {
  for (const ref of nestedCohortRefs(definition)) {
    if (ref.id === selfId) return { path: ref.path, message: "a cohort cannot contain itself" };
    if (!stored.has(ref.id)) return { path: ref.path, message: `no cohort ${ref.id} in this project` };
    const seen = new Set<string>();
    const stack = [ref.id];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const inner = stored.get(id);
      if (!inner) continue;
      for (const next of nestedCohortRefs(inner)) {
        if (next.id === selfId) return { path: ref.path, message: `cohort ${ref.id} contains this cohort: the nesting would be a cycle` };
        stack.push(next.id);
      }
    }
  }
  return null;
}

/** The definition with `userId` taken out of every static list (erasure), or null when it names them nowhere. */
export function withoutUser(definition: CohortDefinition, userId: string): CohortDefinition | null {
  let changed = false;
  const walk = (node: CohortDefinition): CohortDefinition => {
    if ("static" in node) {
      if (!node.static.includes(userId)) return node;
      changed = true;
      return { static: node.static.filter((u) => u !== userId) };
    }
    if ("all" in node) return { all: node.all.map(walk) };
    if ("any" in node) return { any: node.any.map(walk) };
    if ("not" in node) return { not: walk(node.not) };
    return node;
  };
  const next = walk(definition);
  return changed ? next : null;
}
