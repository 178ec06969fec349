import { withSession } from "@/lib/http/route";
import { readJson } from "@/lib/http/errors";
import { getTraceSettings, traceSettingsInputSchema, updateTraceSettings } from "@/lib/traces/store/trace-settings";

/** The project's tracing settings: `{ settings: { sampleRate, masking: { enabled, rules, customPatterns, dropPayloads }, updatedAt } }`. */
export const GET = withSession("project:manage", async (_req, { db, principal }) =>
  Response.json({ settings: await getTraceSettings(db, principal.projectId) }),
);

/** Replaces the settings (audited); an invalid custom pattern is a 400 naming it, and nothing changes. */
export const PUT = withSession("project:manage", async (req, { db, principal }) => {
  const input = traceSettingsInputSchema.parse(await readJson(req, 100_000));
  return Response.json({ settings: await updateTraceSettings(db, principal, input) });
});
