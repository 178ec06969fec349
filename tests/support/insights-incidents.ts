// Generated traces with one injected incident whose root cause is known, for the root cause route tests and the
// bench (bench/insights). Every dimension value is at least ~10% of the traffic; an incident changes one segment
// (a dimension value, or a pair of values) in the current window only, or shifts the mix without changing any
// segment's own rate.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUsers, observations, scores, traces } from "@/db/schema";
import { bulkInsert } from "@/lib/traces/store/bulk-insert";
import { createRandom, type Random } from "@/lib/primitives/random";

export const INCIDENT_DIMENSIONS = {
  model: { "gpt-4o": 30, "gpt-4o-mini": 35, "claude-haiku": 20, "llama-3": 15 },
  environment: { production: 75, staging: 25 },
  release: { "2026.11.1": 50, "2026.11.2": 50 },
  prompt_version: { v1: 40, v2: 35, v3: 25 },
  trace_name: { "support-chat": 50, "sql-agent": 30, summarize: 20 },
  plan: { free: 55, pro: 30, team: 15 },
  country: { US: 30, DE: 25, FR: 20, JP: 15, BR: 10 },
} as const;
export type IncidentDimension = keyof typeof INCIDENT_DIMENSIONS;
export type IncidentKind = "error_rate" | "latency_p95" | "latency_mean" | "cost" | "thumbs_down_rate" | "mix" | "two_dimension";

export interface Incident {
  kind: IncidentKind;
  /** The segment that changes (two values for a two-dimension incident; for a mix shift, the value whose share grows). */
  segment: Partial<Record<IncidentDimension, string>>;
}

const PRICE: Record<string, number> = { "gpt-4o": 5e-6, "gpt-4o-mini": 2e-6, "claude-haiku": 3e-6, "llama-3": 2.5e-6 };
const LATENCY: Record<string, number> = { "gpt-4o": 1800, "gpt-4o-mini": 900, "claude-haiku": 1100, "llama-3": 1400 };
const HOUR = 3_600_000;

/** The metric an incident moves, as the root cause API names it. */
export function incidentMetric(kind: IncidentKind) {
  return kind === "mix" || kind === "two_dimension" ? "error_rate" : kind;
}

function gaussian(rnd: Random) {
  return Math.sqrt(-2 * Math.log(1 - rnd.next())) * Math.cos(2 * Math.PI * rnd.next());
}

/**
 * Inserts users and traces (one generation each, ratings on half) for `projectId`: `baselineDays` days before
 * `currentFrom` and one current day from it, `perDay` traces a day.
 */
export async function seedIncident(db: Db, projectId: string, incident: Incident, o: { currentFrom: Date; baselineDays: number; perDay: number; seed: number }) {
  const rnd = createRandom(o.seed);
  const users = Array.from({ length: 300 }, (_, i) => ({
    projectId,
    userId: `u${i}`,
    plan: rnd.weighted(INCIDENT_DIMENSIONS.plan),
    country: rnd.weighted(INCIDENT_DIMENSIONS.country),
    signupAt: new Date(o.currentFrom.getTime() - 90 * 24 * HOUR),
  }));
  await db.execute(bulkInsert(endUsers, users));
  const inSegment = (row: Record<string, string>) => Object.entries(incident.segment).every(([d, v]) => row[d] === v);
  const traceRows: (typeof traces.$inferInsert)[] = [];
  const obsRows: (typeof observations.$inferInsert)[] = [];
  const scoreRows: (typeof scores.$inferInsert)[] = [];
  const start = o.currentFrom.getTime() - o.baselineDays * 24 * HOUR;
  const total = o.perDay * (o.baselineDays + 1);
  for (let i = 0; i < total; i++) {
    const at = start + Math.floor(rnd.next() * (o.baselineDays + 1) * 24 * HOUR);
    const current = at >= o.currentFrom.getTime();
    const user = users[Math.floor(rnd.next() * users.length)];
    const pick = (d: IncidentDimension) => {
      const weights: Record<string, number> = { ...INCIDENT_DIMENSIONS[d] };
      // A mix shift: the segment's value takes a much larger share of the current window (its own rate unchanged).
      if (incident.kind === "mix" && current && incident.segment[d]) weights[incident.segment[d]!] *= 5;
      return rnd.weighted(weights);
    };
    const row: Record<string, string> = {
      model: pick("model"),
      environment: pick("environment"),
      release: pick("release"),
      prompt_version: pick("prompt_version"),
      trace_name: pick("trace_name"),
      plan: user.plan,
      country: user.country,
    };
    const hit = current && incident.kind !== "mix" && inSegment(row);
    // The mix-shift value is intrinsically worse at every time; only its share changes.
    const mixWorse = incident.kind === "mix" && inSegment(row);
    const errorP = hit && incident.kind === "error_rate" ? 0.25 : hit && incident.kind === "two_dimension" ? 0.4 : mixWorse ? 0.3 : 0.03;
    const failed = rnd.chance(errorP);
    const slow = hit && (incident.kind === "latency_p95" || incident.kind === "latency_mean") ? 3 : 1;
    const latency = Math.round(LATENCY[row.model] * Math.exp(0.4 * gaussian(rnd)) * slow);
    const tokens = 500 + Math.floor(rnd.next() * 1000);
    const cost = tokens * PRICE[row.model] * (hit && incident.kind === "cost" ? 3 : 1);
    const id = `t${i}`;
    const timestamp = new Date(at);
    traceRows.push({
      projectId, id, name: row.trace_name, userId: user.userId, environment: row.environment, release: row.release, timestamp, hasRoot: true,
      metadata: { prompt_version: row.prompt_version }, totalTokens: tokens, totalCost: cost, latencyMs: latency, level: failed ? "ERROR" : "DEFAULT", observationCount: 1,
    });
    obsRows.push({ projectId, traceId: id, id: `${id}-g`, type: "generation", name: "answer", startTime: timestamp, endTime: new Date(at + latency), model: row.model, level: failed ? "ERROR" : "DEFAULT", usageTotal: tokens, costTotal: cost });
    if (rnd.chance(0.5)) {
      const downP = hit && incident.kind === "thumbs_down_rate" ? 0.6 : 0.15;
      scoreRows.push({ projectId, id: `${id}-thumbs`, traceId: id, name: "thumbs", value: rnd.chance(downP) ? 0 : 1, dataType: "boolean", source: "api", timestamp });
    }
  }
  for (let i = 0; i < traceRows.length; i += 5000) {
    await db.execute(bulkInsert(traces, traceRows.slice(i, i + 5000)));
    await db.execute(bulkInsert(observations, obsRows.slice(i, i + 5000)));
  }
  for (let i = 0; i < scoreRows.length; i += 5000) await db.execute(bulkInsert(scores, scoreRows.slice(i, i + 5000)));
  await db.execute(sql`analyze traces`);
  return { traces: traceRows.length };
}

/** The candidate label the injected segment should get: dimension(s) and value(s) joined the way the analysis joins them. */
export function expectedCandidate(incident: Incident) {
  const order = Object.keys(INCIDENT_DIMENSIONS) as IncidentDimension[];
  const dims = order.filter((d) => incident.segment[d] !== undefined);
  return { dimension: dims.join(" × "), value: dims.map((d) => incident.segment[d]).join(" × ") };
}
