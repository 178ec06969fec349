import { route } from "@/lib/http/route";
import { getTraceSettings, traceSettingsInputSchema, updateTraceSettings } from "@/lib/traces/store/trace-settings";

/** The project's tracing settings: `{ settings: { sampleRate, masking: { enabled, rules, customPatterns, dropPayloads }, updatedAt } }`. */
export const GET = route({ access: { session: "project:manage" } }, async ({ db, principal }) =>
  Response.json({ settings: await getTraceSettings(db, principal.projectId) }),
);

/** Replaces the settings (audited); an invalid custom pattern is a 400 naming it, and nothing changes. */
export const PUT = route({ access: { session: "project:manage" }, body: traceSettingsInputSchema, maxBytes: 100_000 }, async ({ db, principal, body }) =>
  Response.json({ settings: await updateTraceSettings(db, principal, body) }),
);
