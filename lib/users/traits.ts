// Identify semantics, pure: `traits` overwrite ($set), `traitsOnce` fill only what is absent ($set_once). Well-known
// traits live in end_users columns (plan, signup_at, country, email); any other trait in end_users.properties, so
// cohort definitions read `plan`/`country`/`signup_at` and `properties->>'<name>'`.
import { z } from "zod";
import { eventTimeProblem } from "@/lib/ingest/fields";

export type TraitValue = string | number | boolean;

/** The traits of one end user as stored. */
export interface UserTraits {
  plan: string | null;
  signupAt: Date | null;
  country: string | null;
  email: string | null;
  properties: Record<string, unknown>;
}

export interface TraitChange {
  trait: string;
  oldValue: unknown;
  newValue: unknown;
  validFrom: Date;
}

export const WELL_KNOWN_TRAITS = ["plan", "signupAt", "country", "email"] as const;
type WellKnown = (typeof WELL_KNOWN_TRAITS)[number];
const isWellKnown = (name: string): name is WellKnown => (WELL_KNOWN_TRAITS as readonly string[]).includes(name);

export const MAX_TRAITS = 100;
const MAX_TRAIT_NAME = 100;

const signupDate = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = typeof v === "number" ? v : Date.parse(v);
  const problem = eventTimeProblem(ms);
  if (problem) {
    ctx.addIssue({ code: "custom", message: problem });
    return z.NEVER;
  }
  return new Date(ms);
});
const freeValue = z.union([z.string().max(1000), z.number().finite("must be a finite number"), z.boolean()], {
  message: "must be a string, a finite number, a boolean or an ISO-8601 date string",
});

/** A traits object: well-known names with their types, any other name free-form. */
export const traitsSchema = z
  .object({
    plan: z.string().min(1, "must not be empty").max(100).optional(),
    signupAt: signupDate.optional(),
    country: z.string().min(1, "must not be empty").max(100).optional(),
    email: z.string().min(1, "must not be empty").max(320).optional(),
  })
  .catchall(freeValue)
  .superRefine((traits, ctx) => {
    const names = Object.keys(traits);
    if (names.length > MAX_TRAITS) ctx.addIssue({ code: "custom", message: `must have at most ${MAX_TRAITS} traits` });
    for (const name of names) {
      if (name.length > MAX_TRAIT_NAME || name.trim() === "") ctx.addIssue({ code: "custom", path: [name], message: `trait names must be 1-${MAX_TRAIT_NAME} characters` });
    }
  });
export type Traits = z.output<typeof traitsSchema>;

/** A stored value as JSON (dates as ISO strings), for the history and for comparisons. */
function jsonOf(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

export function traitOf(state: UserTraits, name: string): unknown {
  return isWellKnown(name) ? state[name] : state.properties[name];
}

function withTrait(state: UserTraits, name: string, value: unknown): UserTraits {
  if (isWellKnown(name)) return { ...state, [name]: value };
  return { ...state, properties: { ...state.properties, [name]: value } };
}

export const emptyTraits = (): UserTraits => ({ plan: null, signupAt: null, country: null, email: null, properties: {} });

/**
 * Applies one identify at `timestamp`. A `traits` value overwrites the current one unless the current one was set
 * later (`lastChangedAt`, an identify that arrived out of order): then only the history learns it. `traitsOnce`
 * sets absent traits only. `mask` runs on every string value before it is stored (the project's PII rules).
 */
export function applyIdentify(
  state: UserTraits,
  item: { timestamp: Date; traits?: Traits; traitsOnce?: Traits },
  lastChangedAt: Map<string, number>,
  mask: (s: string) => string,
): { state: UserTraits; changes: TraitChange[] } {
  const changes: TraitChange[] = [];
  const masked = (v: unknown) => (typeof v === "string" ? mask(v) : v);
  const at = item.timestamp.getTime();
  for (const [name, raw] of Object.entries(item.traits ?? {})) {
    if (raw === undefined) continue;
    const value = masked(raw);
    const old = traitOf(state, name);
    if (at < (lastChangedAt.get(name) ?? -Infinity)) {
      // Older than the current value: it was this trait's value from `timestamp` until the next recorded change.
      changes.push({ trait: name, oldValue: null, newValue: jsonOf(value), validFrom: item.timestamp });
      continue;
    }
    if (jsonOf(old) === jsonOf(value)) continue;
    state = withTrait(state, name, value);
    lastChangedAt.set(name, at);
    changes.push({ trait: name, oldValue: jsonOf(old), newValue: jsonOf(value), validFrom: item.timestamp });
  }
  for (const [name, raw] of Object.entries(item.traitsOnce ?? {})) {
    if (raw === undefined || (traitOf(state, name) ?? null) !== null) continue;
    const value = masked(raw);
    state = withTrait(state, name, value);
    lastChangedAt.set(name, Math.max(at, lastChangedAt.get(name) ?? -Infinity));
    changes.push({ trait: name, oldValue: null, newValue: jsonOf(value), validFrom: item.timestamp });
  }
  return { state, changes };
}
