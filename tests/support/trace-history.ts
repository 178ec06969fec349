// A few days of traces for the storage-tier tests: kept traces with model calls (payloads included), scores, sampled-out
// summaries and Spectrum turns, spread over `days` whole UTC days before `now` and today, for four end users.
import type { Db } from "@/db/client";
import { observations, sampledObservations, sampledTraces, scores, spectrumTurns, traces } from "@/db/schema";

const DAY = 86_400_000;
const MODELS = ["gpt-4o", "gpt-4o-mini", "claude-3-haiku"];

export async function seedTraceHistory(db: Db, projectId: string, now: Date, days: number, users = ["user-a", "user-b", "user-c", "user-d"]) {
  const midnight = Math.floor(now.getTime() / DAY) * DAY;
  const tr: (typeof traces.$inferInsert)[] = [];
  const ob: (typeof observations.$inferInsert)[] = [];
  const sc: (typeof scores.$inferInsert)[] = [];
  const st: (typeof sampledTraces.$inferInsert)[] = [];
  const so: (typeof sampledObservations.$inferInsert)[] = [];
  const turns: (typeof spectrumTurns.$inferInsert)[] = [];
  for (let d = 0; d <= days; d++) {
    const base = midnight - d * DAY;
    for (let i = 0; i < 3 + (d % 3); i++) {
      const userId = users[(i + d) % users.length];
      const id = `tr-${d}-${i}`;
      const start = new Date(base + 3_600_000 * (1 + i * 3) + 17);
      const duration = 200 + ((i * 37 + d * 91) % 900);
      const model = MODELS[(i + d) % MODELS.length];
      const cost = 0.001 * (1 + ((i * 7 + d) % 11));
      const tokens = 100 + i * 13 + d * 7;
      const error = (i + d) % 5 === 0;
      tr.push({ projectId, id, name: `chat ${i % 2}`, userId, sessionId: `s-${d}-${i % 2}`, timestamp: start, hasRoot: true, totalTokens: tokens, inputTokens: tokens - 40, outputTokens: 40, totalCost: cost, latencyMs: duration, level: error ? "ERROR" : "DEFAULT", observationCount: 2 });
      ob.push(
        { projectId, traceId: id, id: `${id}-root`, type: "span", name: "handle", startTime: start, endTime: new Date(start.getTime() + duration), input: { message: `question ${id} from ${userId}` } },
        { projectId, traceId: id, id: `${id}-llm`, type: "generation", name: "llm", model, startTime: new Date(start.getTime() + 5), endTime: new Date(start.getTime() + 5 + duration - 10), level: error ? "ERROR" : "DEFAULT", usageInput: tokens - 40, usageOutput: 40, usageTotal: tokens, costTotal: cost, input: [{ role: "user", content: `prompt text of ${userId}` }], output: { content: `answer to ${userId}` } },
      );
      if (i % 2 === 0) sc.push({ projectId, id: `sc-${id}`, traceId: id, name: "helpful", value: (i + d) % 2, dataType: "boolean", source: "api", comment: `comment about ${userId}`, timestamp: new Date(start.getTime() + 60_000) });
      turns.push({ projectId, id: `turn-${id}`, sessionId: `s-${d}-${i % 2}`, userId, role: "user", text: `turn text of ${userId} on day ${d}`, timestamp: start });
    }
    // One sampled-out trace a day: its cost counts on the boards, its payload was never kept.
    const sid = `sampled-${d}`;
    const sstart = new Date(base + 20 * 3_600_000);
    st.push({ projectId, id: sid, userId: users[d % users.length], timestamp: sstart, hasRoot: true, totalTokens: 50, totalCost: 0.0005, latencyMs: 300 });
    so.push({ projectId, traceId: sid, id: `${sid}-llm`, type: "generation", name: "llm", model: "gpt-4o-mini", startTime: sstart, endTime: new Date(sstart.getTime() + 300), usageInput: 30, usageOutput: 20, usageTotal: 50, costTotal: 0.0005 });
  }
  await db.insert(traces).values(tr);
  await db.insert(observations).values(ob);
  await db.insert(scores).values(sc);
  await db.insert(sampledTraces).values(st);
  await db.insert(sampledObservations).values(so);
  await db.insert(spectrumTurns).values(turns);
  return { traces: tr, observations: ob, scores: sc, turns };
}

/** Floats summed in another order (DuckDB vs PostgreSQL) differ in the last bits: compare to 12 significant digits. */
export function rounded(v: unknown): unknown {
  if (typeof v === "number") return Number.isInteger(v) ? v : Number(v.toPrecision(12));
  if (Array.isArray(v)) return v.map(rounded);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rounded(x)]));
  return v;
}
