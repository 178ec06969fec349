// The persona report and persona suggestions past hot retention (issues 14, 16, 17): six weeks of traces with personas,
// end-user feedback (thumbs, a 1-5 rating given the next day, an annotation the report leaves out), sentiment and the
// user's first message, answers taken while every row was hot; then exported, hot retention cut to 14 days and the old
// traces expired. The report over the six weeks and the suggestions (the text model, the personas' satisfaction, hours
// and retention, a user's own ratings) must not change: traces gone from the hot tables come from the warm tier, their
// first message from the cold tier.
import { expect, test } from "vitest";
import { and, eq, lt, sql } from "drizzle-orm";
import { seededDatabase } from "./support/fixtures";
import { temporaryWarehouse } from "./support/warehouse";
import { rounded } from "./support/trace-history";
import { observations, projects, sampledTraces, scores, traceSentiment, traceSettings, traces } from "@/db/schema";
import { exportProjectTiers } from "@/lib/warehouse/export";
import { enforceRetention } from "@/lib/retention/store/enforce";
import { personasReport } from "@/lib/insights/personas/personas";
import { forgetPersonaSignals, suggestPersonasFor } from "@/lib/personalization/personas";

const t = seededDatabase();
const warehouse = temporaryWarehouse("prism-personas-tiers");
const DAY = 86_400_000;
const NOW = new Date("2026-03-18T15:00:00Z");
const MIDNIGHT = Math.floor(NOW.getTime() / DAY) * DAY;
const DAYS = 42;
const USERS = ["u-1", "u-2", "u-3", "u-4", "u-5", "u-6", "u-7"];
const STUCK = ["I'm stuck and frustrated, please help me", "this keeps failing and I am stuck", "help, I feel lost and stuck again"];
const TECH = ["what are the api rate limits per minute", "explain the api latency numbers", "which api limits apply to batch calls"];

/**
 * Persona (dimension `assistant`): "mentor" only 20 or more days ago (so only the warm tier has it after expiry), then
 * "coach" or "expert"; every fifth trace has no dimension (its name). Mentor and coach satisfy stuck users, expert
 * technical questions. Sessions of three days cross the tiers' days.
 */
async function seed(db: typeof t.h.db, projectId: string) {
  const tr: (typeof traces.$inferInsert)[] = [];
  const ob: (typeof observations.$inferInsert)[] = [];
  const sc: (typeof scores.$inferInsert)[] = [];
  const se: (typeof traceSentiment.$inferInsert)[] = [];
  for (let d = 1; d <= DAYS; d++) {
    for (let i = 0; i < 5; i++) {
      const n = d * 5 + i;
      const id = `tr-${d}-${i}`;
      const userId = USERS[n % USERS.length];
      const at = new Date(MIDNIGHT - d * DAY + ((3 + i * 4 + d) % 24) * 3_600_000 + 17);
      const persona = d >= 20 && i % 2 === 0 ? "mentor" : i % 2 === 0 ? "coach" : "expert";
      const stuck = (n * 7) % 3 !== 0;
      const text = (stuck ? STUCK : TECH)[n % 3];
      const fits = (persona === "expert") !== stuck;
      tr.push({ projectId, id, name: `chat ${i % 2}`, userId, sessionId: `s-${userId}-${Math.floor(d / 3)}`, timestamp: at, totalCost: 0.001 * (1 + (n % 7)), metadata: (d + i) % 5 === 0 ? {} : { assistant: persona } });
      ob.push(
        { projectId, traceId: id, id: `${id}-root`, type: "span", name: "turn", startTime: at, input: [{ role: "user", content: text }] },
        { projectId, traceId: id, id: `${id}-llm`, type: "generation", name: "llm", startTime: new Date(at.getTime() + 5), input: [{ role: "system", content: "be kind" }, { role: "user", content: text }] },
      );
      if (n % 3 !== 2) sc.push({ projectId, id: `th-${id}`, traceId: id, name: "thumbs", value: fits === (n % 11 !== 0) ? 1 : 0, dataType: "boolean", source: "api", timestamp: new Date(at.getTime() + 60_000) });
      if (n % 4 === 0) sc.push({ projectId, id: `st-${id}`, traceId: id, name: "stars", value: fits ? 5 : 2, dataType: "numeric", source: "api", timestamp: new Date(at.getTime() + DAY) });
      if (n % 6 === 0) sc.push({ projectId, id: `an-${id}`, traceId: id, name: "reviewed", value: 0.1, dataType: "numeric", source: "annotation", timestamp: at });
      if (n % 2 === 0) {
        const polarity = Math.round(Math.sin(n) * 1000) / 1000;
        se.push({ projectId, traceId: id, timestamp: at, polarity, label: polarity > 0.1 ? "positive" : polarity < -0.1 ? "negative" : "neutral", analyzer: "local", observationCount: 2, commentCount: 0, analyzedAt: NOW });
      }
    }
    // A sampled-out trace a day: no persona, never in the report.
    await db.insert(sampledTraces).values({ projectId, id: `sampled-${d}`, userId: USERS[d % USERS.length], timestamp: new Date(MIDNIGHT - d * DAY + 20 * 3_600_000), hasRoot: true, totalCost: 0.5 });
  }
  await db.insert(traceSettings).values({ projectId, personaDimension: "assistant" });
  await db.insert(traces).values(tr);
  await db.insert(observations).values(ob);
  await db.insert(scores).values(sc);
  await db.insert(traceSentiment).values(se);
}

test("past hot retention, the persona report and persona suggestions read the warm tier with the answers the hot tables gave", { timeout: 400_000 }, async () => {
  const db = t.h.db;
  const projectId = t.org.project.id;
  await seed(db, projectId);
  const range = { from: new Date(MIDNIGHT - DAYS * DAY), to: NOW };
  const requests = [
    { text: "I am stuck, help me please", hour: 12 },
    { text: "what api limits apply?", hour: 5 },
    ...USERS.slice(0, 4).map((userId, k) => ({ userId, text: k % 2 ? "explain the latency" : "I feel lost", hour: 20 })),
  ];
  const answers = async () => {
    forgetPersonaSignals(projectId);
    const suggestions = [];
    for (const r of requests) suggestions.push(await suggestPersonasFor(db, projectId, r, NOW));
    return rounded({ report: await personasReport(db, projectId, range, NOW), suggestions });
  };

  const hot = (await answers()) as { report: { personas: { persona: string }[] }; suggestions: { trainedOn: number; fit: string; suggestions: { reasons: string[] }[] }[] };
  // The data reach the answers: a persona only on the days that expire, the text model trained, a user's own ratings.
  expect(hot.report.personas.map((p) => p.persona).sort()).toEqual(["chat 0", "chat 1", "coach", "expert", "mentor"]);
  expect(hot.suggestions[0]).toMatchObject({ fit: "model" });
  expect(hot.suggestions[0].trainedOn).toBeGreaterThan(60);
  expect(hot.suggestions[2].suggestions.some((s) => s.reasons.some((r) => r.startsWith("this user rated")))).toBe(true);

  // Exported; hot retention 14 days: the hot rows still there, the same answers.
  await db.update(projects).set({ warmTier: true }).where(eq(projects.id, projectId));
  await exportProjectTiers(db, projectId, { now: NOW, root: warehouse.dir() });
  await db.update(projects).set({ retentionDays: 14 }).where(eq(projects.id, projectId));
  expect(await answers()).toEqual(hot);

  // Retention removes the old traces, their calls and scores from the hot tables; every answer stays.
  await enforceRetention(db, NOW, 1000, projectId);
  const old = and(eq(traces.projectId, projectId), lt(traces.timestamp, new Date(MIDNIGHT - 16 * DAY)));
  expect((await db.select({ n: sql<number>`count(*)::int` }).from(traces).where(old))[0].n).toBe(0);
  expect((await db.select({ n: sql<number>`count(*)::int` }).from(scores).where(and(eq(scores.projectId, projectId), sql`trace_id like 'tr-3_-%'`)))[0].n).toBe(0);
  const after = await answers();
  expect.soft((after as typeof hot).report).toEqual(hot.report);
  expect.soft((after as typeof hot).suggestions).toEqual(hot.suggestions);
});
