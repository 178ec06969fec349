// The SQL behind results (metricSummaries, exposureCounts) against an independent in-memory implementation of the
// metric definitions on the same rows: conversion windows, `until`, property filters, numeric values, users exposed
// to two variants, and another project's events. Guards the query restructuring for speed against changing results.
import { describe, expect, test } from "vitest";
import { seededDatabase } from "./support/fixtures";
import { experimentConfig, presetsPlus, rng } from "./support/experiments";
import { endUsers, events, experimentExposures, traces } from "@/db/schema";
import { exampleTraces } from "@/lib/experiments/store/example-traces";
import { createExperiment } from "@/lib/experiments/store/experiments";
import { exposureCounts, metricSummaries, metricSummariesByCohort } from "@/lib/experiments/store/metric-query";
import type { EventMatch, MetricDefinition } from "@/lib/experiments/definition";
import type { VariantSummary } from "@/lib/experiments/stats/variant-statistics";

const t = seededDatabase();
const base = Date.parse("2026-10-01T00:00:00Z");
const hour = 3_600_000;
const until = new Date(base + 30 * 24 * hour);

const metrics: MetricDefinition[] = presetsPlus({
  key: "pro_latency_2h",
  name: "Latency of pro messages in 2 h",
  type: "mean",
  numerator: { events: ["message_sent"], where: { plan: "pro" }, valueProperty: "latencyMs" },
  windowHours: 2,
});

interface Ev {
  userId: string;
  name: string;
  ts: number;
  properties: Record<string, unknown>;
}

function contributes(match: EventMatch, e: Ev): number | null {
  if (!match.events.includes(e.name)) return null;
  if (match.where && !Object.entries(match.where).every(([k, v]) => e.properties[k] === v)) return null;
  if (!match.valueProperty) return 1;
  const v = e.properties[match.valueProperty];
  return typeof v === "number" ? v : 0;
}

function reference(exposures: Array<{ userId: string; variantKey: string; at: number }>, evs: Ev[], metric: MetricDefinition): VariantSummary[] {
  const byUser = new Map<string, Array<{ variantKey: string; at: number }>>();
  for (const x of exposures.filter((x) => x.at < until.getTime())) byUser.set(x.userId, [...(byUser.get(x.userId) ?? []), x]);
  const out = new Map<string, VariantSummary & { sumSquares: number; denominatorSum: number; denominatorSumSquares: number; crossSum: number }>();
  for (const [userId, rows] of byUser) {
    if (rows.length !== 1) continue;
    const { variantKey, at } = rows[0];
    const end = Math.min(at + metric.windowHours * hour, until.getTime());
    const mine = evs.filter((e) => e.userId === userId && e.ts >= at && e.ts < end);
    const sum = (m: EventMatch | undefined) => (m ? mine.reduce((s, e) => s + (contributes(m, e) ?? 0), 0) : 0);
    const num = sum(metric.numerator);
    const y = metric.type === "binomial" ? (num > 0 ? 1 : 0) : num;
    const d = sum(metric.denominator);
    const s = out.get(variantKey) ?? { key: variantKey, n: 0, sum: 0, sumSquares: 0, denominatorSum: 0, denominatorSumSquares: 0, crossSum: 0 };
    s.n += 1;
    s.sum += y;
    s.sumSquares += y * y;
    s.denominatorSum += d;
    s.denominatorSumSquares += d * d;
    s.crossSum += y * d;
    out.set(variantKey, s);
  }
  return [...out.values()]
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((s) => {
      const summary: VariantSummary = { key: s.key, n: s.n, sum: s.sum };
      if (metric.type !== "binomial") summary.sumSquares = s.sumSquares;
      if (metric.type === "ratio") Object.assign(summary, { denominatorSum: s.denominatorSum, denominatorSumSquares: s.denominatorSumSquares, crossSum: s.crossSum });
      return summary;
    });
}

describe("results SQL equals an independent computation", () => {
  test("per-variant sufficient statistics and exposure counts", async () => {
    const { h, org } = t;
    const projectId = org.project.id;
    const actor = { userId: org.users.admin.id, email: org.users.admin.email, orgId: org.org.id, projectId };
    const exp = await createExperiment(h.db, actor, experimentConfig({
      key: "sql-check",
      name: "SQL check",
      variants: [
        { key: "control", weight: 0.5 },
        { key: "b", weight: 0.5 },
      ],
      goalMetrics: metrics.slice(0, 3).map((m) => m.key),
    }));
    const other = await createExperiment(h.db, actor, experimentConfig({ key: "other", name: "Other", variants: [{ key: "control", weight: 0.5 }, { key: "b", weight: 0.5 }], goalMetrics: ["messages_per_user"] }));

    const random = rng(42);
    const exposures: Array<{ userId: string; variantKey: string; at: number }> = [];
    const evs: Ev[] = [];
    for (let i = 0; i < 240; i++) {
      const userId = `q-${i}`;
      const variantKey = i % 2 ? "b" : "control";
      // Some users are first exposed after `until` (not yet in the analysis).
      const at = base + Math.floor(random() * 32 * 24) * hour;
      exposures.push({ userId, variantKey, at });
      if (i % 17 === 0) exposures.push({ userId, variantKey: variantKey === "b" ? "control" : "b", at: at + hour });
      const count = Math.floor(random() * 8);
      for (let k = 0; k < count; k++) {
        // From a day before exposure to 25 days after (past the 21-day windows and past `until` for some).
        const ts = at + Math.floor((random() * 26 - 1) * 24 * hour);
        const r = random();
        if (r < 0.5) {
          const latency = random() < 0.1 ? "fast" : Math.round(200 + random() * 3000);
          evs.push({ userId, name: "message_sent", ts, properties: { latencyMs: latency, plan: random() < 0.5 ? "pro" : "free" } });
        } else if (r < 0.8) evs.push({ userId, name: "feedback", ts, properties: { thumbs: random() < 0.7 ? "up" : "down" } });
        else if (r < 0.9) evs.push({ userId, name: "error", ts, properties: {} });
        else evs.push({ userId, name: "page_view", ts, properties: {} });
      }
      // A near-window message for the 2-hour metric.
      evs.push({ userId, name: "message_sent", ts: at + Math.floor(random() * 4 * hour), properties: { latencyMs: 900, plan: "pro" } });
    }
    await h.db.insert(experimentExposures).values(
      exposures.map((x) => ({ projectId, experimentId: exp.id, userId: x.userId, variantKey: x.variantKey, firstExposedAt: new Date(x.at) })),
    );
    // Another experiment's exposures and another project's events must not leak in.
    await h.db.insert(experimentExposures).values({ projectId, experimentId: other.id, userId: "q-1", variantKey: "control", firstExposedAt: new Date(base) });
    const rows = evs.map((e, i) => ({ projectId, id: `q-ev-${i}`, userId: e.userId, name: e.name, timestamp: new Date(e.ts), properties: e.properties }));
    for (let i = 0; i < rows.length; i += 500) await h.db.insert(events).values(rows.slice(i, i + 500));

    const summaries = await metricSummaries(h.db, projectId, exp.id, metrics, until);
    for (const metric of metrics) {
      const expected = reference(exposures, evs, metric);
      const actual = summaries.get(metric.key)!;
      expect(actual.map((s) => s.key), metric.key).toEqual(expected.map((s) => s.key));
      actual.forEach((s, i) => {
        for (const [field, value] of Object.entries(expected[i])) {
          if (field === "key") continue;
          expect(s[field as keyof VariantSummary] as number, `${metric.key} ${s.key} ${field}`).toBeCloseTo(value as number, 6);
        }
      });
    }
    expect(summaries.get("messages_per_user")![0].n).toBeGreaterThan(50);

    // Cohorts (end_users.plan): every cohort equals the reference on its own users, and the cohorts add up to the totals.
    const planOf = (i: number) => (i % 3 === 0 ? "pro" : i % 3 === 1 ? "team" : null);
    await h.db.insert(endUsers).values(
      Array.from({ length: 240 }, (_, i) => i)
        .filter((i) => planOf(i) !== null)
        .map((i) => ({ projectId, userId: `q-${i}`, plan: planOf(i)!, signupAt: new Date(base) })),
    );
    const split = await metricSummariesByCohort(h.db, projectId, exp.id, metrics, until);
    for (const metric of metrics) {
      const cohorts = split.cohorts.get(metric.key)!;
      expect(cohorts.map((c) => c.cohort)).toEqual(["pro", "team", "unknown"]);
      for (const c of cohorts) {
        const members = exposures.filter((x) => (planOf(Number(x.userId.slice(2))) ?? "unknown") === c.cohort);
        const expected = reference(members, evs, metric);
        expect(c.summaries.map((s) => s.key)).toEqual(expected.map((s) => s.key));
        c.summaries.forEach((s, i) => expect(s.sum, `${metric.key} ${c.cohort} ${s.key}`).toBeCloseTo(expected[i].sum, 6));
        c.summaries.forEach((s, i) => expect(s.n).toBe(expected[i].n));
      }
      for (const total of split.totals.get(metric.key)!) {
        const parts = cohorts.flatMap((c) => c.summaries.filter((s) => s.key === total.key));
        for (const field of ["n", "sum", "sumSquares", "denominatorSum", "crossSum"] as const) {
          if (total[field] === undefined) continue;
          expect(parts.reduce((acc, s) => acc + (s[field] ?? 0), 0), `${metric.key} ${total.key} ${field}`).toBeCloseTo(total[field]!, 6);
        }
      }
    }

    const counts = await exposureCounts(h.db, projectId, exp.id, until);
    const before = exposures.filter((x) => x.at < until.getTime());
    const perUser = new Map<string, number>();
    for (const x of before) perUser.set(x.userId, (perUser.get(x.userId) ?? 0) + 1);
    expect(counts.multipleExposureUsers).toBe([...perUser.values()].filter((n) => n > 1).length);
    const units = [...perUser.values()].filter((n) => n === 1).length;
    expect(counts.exposures.reduce((s, e) => s + e.users, 0)).toBe(units);
  });
});

describe("example traces per variant", () => {
  test("newest traces of users exposed only to that variant, from their first exposure on, at most `limit`", async () => {
    const { h, org } = t;
    const projectId = org.project.id;
    const actor = { userId: org.users.admin.id, email: org.users.admin.email, orgId: org.org.id, projectId };
    const exp = await createExperiment(h.db, actor, experimentConfig({
      key: "trace-links",
      name: "Trace links",
      variants: [{ key: "control", weight: 0.5 }, { key: "b", weight: 0.5 }],
      goalMetrics: ["messages_per_user"],
    }));
    const at = (hours: number) => new Date(base + hours * hour);
    await h.db.insert(experimentExposures).values([
      { projectId, experimentId: exp.id, userId: "tl-a", variantKey: "control", firstExposedAt: at(10) },
      { projectId, experimentId: exp.id, userId: "tl-b", variantKey: "b", firstExposedAt: at(10) },
      { projectId, experimentId: exp.id, userId: "tl-both", variantKey: "control", firstExposedAt: at(10) },
      { projectId, experimentId: exp.id, userId: "tl-both", variantKey: "b", firstExposedAt: at(11) },
    ]);
    const trace = (id: string, userId: string, hours: number) => ({ projectId, id, userId, name: "chat", timestamp: at(hours) });
    await h.db.insert(traces).values([
      trace("tl-a-before", "tl-a", 5),
      ...Array.from({ length: 7 }, (_, i) => trace(`tl-a-${i}`, "tl-a", 20 + i)),
      trace("tl-b-1", "tl-b", 30),
      trace("tl-both-1", "tl-both", 40),
      trace("tl-stranger", "tl-nobody", 50),
    ]);
    const examples = await exampleTraces(h.db, projectId, exp.id, ["control", "b"]);
    expect(examples.control.map((x) => x.id)).toEqual(["tl-a-6", "tl-a-5", "tl-a-4", "tl-a-3", "tl-a-2"]);
    expect(examples.b.map((x) => x.id)).toEqual(["tl-b-1"]);
    expect(examples.b[0]).toMatchObject({ userId: "tl-b", name: "chat", timestamp: at(30).toISOString() });
  });
});
