// The shape of a project's event catalog (what PUT /api/v1/catalog and the YAML files carry) and the metric roles it
// assigns; pure, so the ingest check, the Overview and the contract tests read one definition.
import { z } from "zod";

export const CONTRACT_MODES = ["off", "warn", "enforce"] as const;
export type ContractMode = (typeof CONTRACT_MODES)[number];

/** Events the built-in metrics count. `feedback` is the rating event (its `thumbs` property is up/down). */
export const METRIC_ROLES = ["session", "message", "error", "feedback", "conversion"] as const;
export type MetricRole = (typeof METRIC_ROLES)[number];
export type MetricRoles = Record<MetricRole, string | null>;

/** Today's names: a project whose catalog assigns no role keeps the Overview it always had. */
export const DEFAULT_ROLES: MetricRoles = {
  session: "session_started",
  message: "message_sent",
  error: "error",
  feedback: "feedback",
  conversion: null,
};

const eventName = z.string().trim().min(1, "is required").max(200);

export const eventDefinitionSchema = z.object({
  name: eventName,
  description: z.string().max(2000).default(""),
  owner: z.string().max(200).default(""),
  /** JSON Schema of the event's `properties` object; compiled with ajv on save (an invalid one is a 400 naming the event). */
  schema: z.record(z.string(), z.unknown()).default({ type: "object" }),
  /** Share of these events a client should send (the browser SDK reads it); ingest stores whatever arrives. */
  samplingRate: z.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").default(1),
  role: z.enum(METRIC_ROLES).optional(),
  /** Thresholds the Data quality page flags: a daily volume under `minDailyVolume`, a violation share over `maxViolationRate`. */
  alerts: z
    .object({
      minDailyVolume: z.number().int().min(0).optional(),
      maxViolationRate: z.number().min(0).max(1).optional(),
    })
    .strict()
    .optional(),
}).strict();
export type EventDefinition = z.output<typeof eventDefinitionSchema>;

export const catalogSchema = z
  .object({
    mode: z.enum(CONTRACT_MODES).default("off"),
    events: z.array(eventDefinitionSchema).max(500, "must have at most 500 events").default([]),
  })
  .strict()
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    const roles = new Map<string, string>();
    c.events.forEach((e, i) => {
      if (names.has(e.name)) ctx.addIssue({ code: "custom", path: ["events", i, "name"], message: `"${e.name}" is defined twice` });
      names.add(e.name);
      if (!e.role) return;
      const other = roles.get(e.role);
      if (other) ctx.addIssue({ code: "custom", path: ["events", i, "role"], message: `"${e.role}" is already the role of "${other}"` });
      roles.set(e.role, e.name);
    });
  });
export type Catalog = z.output<typeof catalogSchema>;
export type CatalogInput = z.input<typeof catalogSchema>;

export const EMPTY_CATALOG: Catalog = { mode: "off", events: [] };

/** The event name of each metric role: the catalog's choice, else today's default. */
export function rolesOf(catalog: Pick<Catalog, "events">): MetricRoles {
  const roles = { ...DEFAULT_ROLES };
  for (const e of catalog.events) if (e.role) roles[e.role] = e.name;
  return roles;
}
