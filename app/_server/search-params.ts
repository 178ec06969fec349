import type { z } from "zod";

export type SearchParams = Record<string, string | string[] | undefined>;

/** Query-string values as a list schema expects them; datetime-local inputs carry no zone and are read as UTC. */
function normalise(sp: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(sp)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value === undefined) continue;
    out[k] = (k === "from" || k === "to") && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?$/.test(value) ? `${value}Z` : value;
  }
  return out;
}

/**
 * A page's URL state parsed with its list schema: an invalid URL falls back to the defaults and says what was wrong,
 * so a hand-edited link shows a clear message instead of an error page.
 */
export function parseListParams<S extends z.ZodType>(sp: SearchParams, schema: S) {
  const raw = normalise(sp);
  const parsed = schema.safeParse(raw);
  const problem = parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
  const query: z.output<S> = parsed.success ? parsed.data : schema.parse({});
  return { raw, query, problem };
}
