// The user's first words in traces gone from the hot tables, from the cold tier's raw observations: each trace's root
// input and first model call's input, chosen as FIRST_INPUTS (lib/insights/store/topics.ts) chooses them hot.
import type { Db } from "@/db/client";
import { coldRows } from "./cold";

const DAY_MS = 86_400_000;
const dayKey = (t: number) => new Date(t).toISOString().slice(0, 10);

type Observation = Record<string, unknown>;
const startOf = (o: Observation) => Date.parse(String(o.start_time));
/** Earlier start first, then the smaller id (FIRST_INPUTS' `order by o.start_time, o.id`). */
const earlier = (a: Observation, b: Observation) => startOf(a) - startOf(b) || (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);

/**
 * `root_input` and `generation_input` per trace id. A trace's observations are archived by their own start day: the
 * trace's day and the next are read (a call starting later than that is not looked for).
 */
export async function coldFirstInputs(db: Db, projectId: string, traces: { traceId: string; timestamp: Date }[], root?: string) {
  const out = new Map<string, { root_input: unknown; generation_input: unknown }>();
  if (!traces.length) return out;
  const times = traces.map((t) => t.timestamp.getTime());
  const wanted = new Set(traces.map((t) => t.traceId));
  const rows = await coldRows(db, projectId, "observations_raw", { from: dayKey(Math.min(...times)), to: dayKey(Math.max(...times) + DAY_MS) }, (r) => wanted.has(String(r.trace_id)), root);
  const first = new Map<string, { root?: Observation; generation?: Observation }>();
  for (const o of rows) {
    const f = first.get(String(o.trace_id)) ?? {};
    if (o.parent_observation_id === null && (!f.root || earlier(o, f.root) < 0)) f.root = o;
    if (o.type === "generation" && (!f.generation || earlier(o, f.generation) < 0)) f.generation = o;
    first.set(String(o.trace_id), f);
  }
  for (const [id, f] of first) out.set(id, { root_input: f.root?.input ?? null, generation_input: f.generation?.input ?? null });
  return out;
}
