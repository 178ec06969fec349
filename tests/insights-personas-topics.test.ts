// Persona report and conversation topics through the real routes, job and database. The persona numbers are checked
// against values worked out by hand from a dozen planted traces; the topics against conversations generated from
// three known vocabularies, one of which grew in the last week (the growing-topic suggestion must name it).
import { beforeAll, describe, expect, test } from "vitest";
import { eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg, type SeededOrg } from "./support/fixtures";
import { insightSuggestions, insightTopics, observations, scores, traces, traceSentiment } from "@/db/schema";
import type { Db } from "@/db/client";
import * as personas from "@/app/api/v1/insights/personas/route";
import * as topics from "@/app/api/v1/insights/topics/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { insightsTopics, INSIGHTS_TOPICS_REQUESTED } from "@/inngest/functions/insights-topics";
import { insightsSuggestions, INSIGHTS_SUGGESTIONS_REQUESTED } from "@/inngest/functions/insights-suggestions";
import { generatedMessages, TOPIC_VOCABULARIES, type GeneratedTopic } from "@/lib/insights/topics/generated";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const DAY = 86_400_000;
let topicOrg: SeededOrg;

const at = (iso: string) => new Date(iso);
const sentiment = (projectId: string, traceId: string, timestamp: Date, polarity: number) => ({
  projectId, traceId, timestamp, polarity, label: polarity < -0.2 ? ("negative" as const) : polarity > 0.2 ? ("positive" as const) : ("neutral" as const),
  textCount: 1, analyzer: "test", observationCount: 1, commentCount: 0, analyzedAt: timestamp,
});

/**
 * coach (metadata persona): c1-c3 in session cA at 09:xx (polarity -0.5, 0, 0.5), c4 alone at 20:00 (u4, too late to know
 * its return); tutor: t1, t2 in session tB (0.4 → -0.2), t3, t4 in session tC (0.2 → 0) at 09/20 h; helpdesk: a trace
 * named so, without metadata. u1 (main persona coach) comes back on day 8 with t3; u2 (tutor) on day 7; u3 never.
 */
async function seedPersonas(db: Db, projectId: string) {
  const tr = (id: string, ts: string, o: { persona?: string; session?: string; user: string; cost: number; name?: string }) => ({
    projectId, id, name: o.name ?? "chat", timestamp: at(ts), sessionId: o.session, userId: o.user, totalCost: o.cost, metadata: o.persona ? { persona: o.persona } : {},
  });
  await db.insert(traces).values([
    tr("c1", "2026-11-02T09:00:00Z", { persona: "coach", session: "cA", user: "u1", cost: 0.01 }),
    tr("c2", "2026-11-02T09:10:00Z", { persona: "coach", session: "cA", user: "u1", cost: 0.02 }),
    tr("c3", "2026-11-02T09:20:00Z", { persona: "coach", session: "cA", user: "u1", cost: 0.03 }),
    tr("c4", "2026-11-20T20:00:00Z", { persona: "coach", user: "u4", cost: 0.04 }),
    tr("t1", "2026-11-03T09:00:00Z", { persona: "tutor", session: "tB", user: "u2", cost: 0.01 }),
    tr("t2", "2026-11-03T20:00:00Z", { persona: "tutor", session: "tB", user: "u2", cost: 0.01 }),
    tr("t3", "2026-11-10T20:00:00Z", { persona: "tutor", session: "tC", user: "u1", cost: 0.01 }),
    tr("t4", "2026-11-10T20:30:00Z", { persona: "tutor", session: "tC", user: "u2", cost: 0.01 }),
    tr("h1", "2026-11-05T14:00:00Z", { name: "helpdesk", user: "u3", cost: 0.005 }),
    // Outside the range: counts nowhere.
    tr("old", "2026-10-20T09:00:00Z", { persona: "coach", user: "u3", cost: 9 }),
  ]);
  const score = (id: string, traceId: string, value: number, dataType: "numeric" | "boolean", source: "api" | "llm_judge" = "api", name = "feedback") => ({
    projectId, id, traceId, name, value, dataType, source, timestamp: at("2026-11-12T00:00:00Z"),
  });
  await db.insert(scores).values([
    score("s1", "c1", 1, "boolean"),
    score("s2", "c2", 0, "boolean"),
    score("s3", "c3", 0.8, "numeric"),
    score("s4", "t1", 0.2, "numeric"),
    score("s5", "t2", 1, "numeric", "llm_judge"), // a judge, not the user
    score("s6", "t3", 4, "numeric", "api", "user_rating"), // a 1-5 rating (its values go above 1): 4 is satisfied
    score("s7", "t4", 2, "numeric", "api", "user_rating"), // 2 of 5 is not
    score("s8", "t4", 9, "numeric", "api", "nps"), // outside [0, 5]: left out
  ]);
  await db.insert(traceSentiment).values([
    sentiment(projectId, "c1", at("2026-11-02T09:00:00Z"), -0.5),
    sentiment(projectId, "c2", at("2026-11-02T09:10:00Z"), 0),
    sentiment(projectId, "c3", at("2026-11-02T09:20:00Z"), 0.5),
    sentiment(projectId, "c4", at("2026-11-20T20:00:00Z"), 0.3),
    sentiment(projectId, "t1", at("2026-11-03T09:00:00Z"), 0.4),
    sentiment(projectId, "t2", at("2026-11-03T20:00:00Z"), -0.2),
    sentiment(projectId, "t3", at("2026-11-10T20:00:00Z"), 0.2),
    sentiment(projectId, "t4", at("2026-11-10T20:30:00Z"), 0),
  ]);
}

const now = new Date("2026-11-30T06:00:00Z");

/** 40 conversations per topic over 28 days; travel's last-week conversations are tripled. Some sessions have a second turn. */
async function seedTopics(db: Db, projectId: string) {
  const order: GeneratedTopic[] = ["billing", "travel", "cooking"];
  const messages = generatedMessages(order, 40, 11);
  const extraTravel = generatedMessages(["travel"], 30, 12);
  const tr = [];
  const obs = [];
  const all = [...messages.map((m, i) => ({ ...m, i, at: now.getTime() - 27 * DAY + ((i % 40) / 40) * 27 * DAY })), ...extraTravel.map((m, i) => ({ ...m, i: 1000 + i, at: now.getTime() - 6 * DAY + (i / 30) * 5 * DAY }))];
  for (const m of all) {
    const id = `q-${m.i}`;
    const session = m.i % 3 === 0 ? `sess-${m.i}` : undefined;
    tr.push({ projectId, id, name: "assistant", timestamp: new Date(m.at), sessionId: session, totalCost: 0.01 });
    obs.push({ projectId, traceId: id, id: `${id}-root`, type: "span" as const, name: "turn", startTime: new Date(m.at), input: { messages: [{ role: "user", content: m.text }] } });
    if (session) {
      // A later turn of the same conversation: its words must not decide the topic.
      tr.push({ projectId, id: `${id}-b`, name: "assistant", timestamp: new Date(m.at + 60_000), sessionId: session, totalCost: 0.01 });
      obs.push({ projectId, traceId: `${id}-b`, id: `${id}-b-root`, type: "span" as const, name: "turn", startTime: new Date(m.at + 60_000), input: { messages: [{ role: "user", content: "thanks that worked great" }] } });
    }
  }
  await db.insert(traces).values(tr);
  await db.insert(observations).values(obs);
  // Feedback and sentiment on each first turn: billing users are unhappy (thumbs down, polarity −0.5), cooking users happy.
  const firsts = all.filter((m) => m.topic !== "travel");
  await db.insert(scores).values(firsts.map((m) => ({ projectId, id: `fb-${m.i}`, traceId: `q-${m.i}`, name: "thumbs", value: m.topic === "billing" ? 0 : 1, dataType: "boolean" as const, source: "api" as const, timestamp: new Date(m.at) })));
  await db.insert(traceSentiment).values(firsts.map((m) => sentiment(projectId, `q-${m.i}`, new Date(m.at), m.topic === "billing" ? -0.5 : 0.5)));
  return all;
}

async function run(job: typeof insightsTopics | typeof insightsSuggestions, name: string, id: string, projectId: string) {
  const runner = new EmbeddedRunner(t.h.db, [job], { log: () => {} });
  await runner.send({ name: name as typeof INSIGHTS_TOPICS_REQUESTED, data: { projectId, now: now.toISOString() }, id });
  await runner.drain();
}

let generated: Awaited<ReturnType<typeof seedTopics>>;
beforeAll(async () => {
  await seedPersonas(t.h.db, t.org.project.id);
  topicOrg = await seedOrg(t.h.db);
  generated = await seedTopics(t.h.db, topicOrg.project.id);
}, 120_000);

describe("persona report", () => {
  const ask = (qs: string, opts: { headers?: Record<string, string>; as?: string } = { headers: key() }) => call(personas.GET, `/api/v1/insights/personas${qs}`, opts);

  test("matches the hand-computed numbers", async () => {
    const res = await ask("?from=2026-11-01T00:00:00Z&to=2026-11-29T00:00:00Z");
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ dimension: "persona", totalTraces: 9, omitted: 0 });
    const by = Object.fromEntries(res.json.personas.map((p: { persona: string }) => [p.persona, p]));
    expect(res.json.personas.map((p: { persona: string }) => p.persona)).toEqual(["coach", "tutor", "helpdesk"]);
    const coach = by.coach, tutor = by.tutor, helpdesk = by.helpdesk;
    expect(coach.traces).toBe(4);
    expect(coach.usageShare).toBeCloseTo(4 / 9, 10);
    const hour = (p: { byHour: { hour: number; share: number | null }[] }, h: number) => p.byHour[h].share;
    expect([hour(coach, 9), hour(coach, 20), hour(coach, 14), hour(coach, 3)]).toEqual([0.75, 0.25, 0, null]);
    expect([hour(tutor, 9), hour(tutor, 20), hour(helpdesk, 14)]).toEqual([0.25, 0.75, 1]);
    // Feedback: coach thumbs up, thumbs down, 0.8 → 2 of 3 satisfied, Wilson 95% [0.2077, 0.9385]; tutor 0.2 (no), 4 of 5 (yes), 2 of 5 (no).
    expect(coach.satisfaction).toMatchObject({ successes: 2, n: 3 });
    expect(coach.satisfaction.low).toBeCloseTo(0.2077, 3);
    expect(coach.satisfaction.high).toBeCloseTo(0.9385, 3);
    expect(coach.thumbs).toEqual({ up: 1, down: 1 });
    expect(tutor.satisfaction).toMatchObject({ successes: 1, n: 3 });
    expect(helpdesk.satisfaction).toMatchObject({ n: 0, share: null });
    // Conversations: coach cA (0.06) and c4 (0.04); tutor tB and tC (0.02 each); sentiment change cA +1.0, tB −0.6, tC −0.2.
    expect(coach.conversations).toBe(2);
    expect(coach.costPerConversation).toBeCloseTo(0.05, 10);
    expect(coach.sentimentChange).toEqual({ conversations: 1, mean: 1 });
    expect(tutor.costPerConversation).toBeCloseTo(0.02, 10);
    expect(tutor.sentimentChange.conversations).toBe(2);
    expect(tutor.sentimentChange.mean).toBeCloseTo(-0.4, 10);
    expect(helpdesk.sentimentChange).toEqual({ conversations: 0, mean: null });
    // Retention: coach's users u1 (back on day 8) and u4 (too recent to know); tutor's u2 back; helpdesk's u3 not.
    expect(coach.retention).toMatchObject({ users: 2, n: 1, successes: 1 });
    expect(tutor.retention).toMatchObject({ users: 1, n: 1, successes: 1 });
    expect(helpdesk.retention).toMatchObject({ users: 1, n: 1, successes: 0, share: 0 });
    // Far too little feedback to flag anything.
    expect(res.json.personas.flatMap((p: { flags: unknown[] }) => p.flags)).toEqual([]);
  });

  test("its window is the app's time range, default the last 7 days (as on the Personas page)", async () => {
    const res = await ask("");
    expect(res.status).toBe(200);
    expect(Date.parse(res.json.to) - Date.parse(res.json.from)).toBe(7 * 86_400_000);
    const month = await ask("?range=30d");
    expect(Date.parse(month.json.to) - Date.parse(month.json.from)).toBe(30 * 86_400_000);
    // A date-only end includes that whole day: [2026-11-02, 2026-11-03) holds c1-c3 only.
    const day = await ask("?from=2026-11-02&to=2026-11-02");
    expect(day.json).toMatchObject({ from: "2026-11-02T00:00:00.000Z", to: "2026-11-03T00:00:00.000Z", totalTraces: 3 });
  });

  test("a viewer reads it; strangers and bad ranges are refused", async () => {
    expect((await ask("", { as: t.org.users.viewer.id })).status).toBe(200);
    expect((await ask("", { headers: {} })).status).toBe(401);
    const backwards = await ask("?from=2026-11-29T00:00:00Z&to=2026-11-01T00:00:00Z");
    expect(backwards.status).toBe(400);
    expect(backwards.json.error.code).toBe("invalid_request");
    expect((await ask("?from=yesterday")).status).toBe(400);
    expect((await ask("?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")).status).toBe(400);
    expect((await ask("?from=2999-01-01T00:00:00Z")).status).toBe(400);
    const preset = await ask("?range=28d");
    expect(preset.status).toBe(400);
    expect(preset.json.error.message).toContain("range: must be one of 24h, 7d, 30d, 90d");
  });
});

describe("conversation topics", () => {
  const ask = (headers = bearer(topicOrg.apiKey.secretKey)) => call(topics.GET, "/api/v1/insights/topics", { headers });

  test("before the first run the reply says so, without invented topics", async () => {
    const res = await ask();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ run: null, topics: [] });
  });

  test("the daily job recovers the generated topics, names them by their vocabulary and sees travel grow", async () => {
    await run(insightsTopics, INSIGHTS_TOPICS_REQUESTED, "topics-1", topicOrg.project.id);
    const res = await ask();
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.run).toMatchObject({ conversations: generated.length, k: 3 });
    const truth = new Map(generated.map((g) => [`q-${g.i}`, g.topic]));
    for (const topic of res.json.topics) {
      const vocabulary = Object.entries(TOPIC_VOCABULARIES).find(([, words]) => (words as readonly string[]).includes(topic.terms[0]))!;
      expect(vocabulary, topic.label).toBeDefined();
      for (const w of topic.terms.slice(0, 3)) expect(vocabulary[1] as readonly string[]).toContain(w);
      // Examples are first messages of that topic's conversations, with a link to the trace.
      expect(topic.examples.length).toBe(3);
      for (const e of topic.examples) {
        expect(truth.get(e.traceId)).toBe(vocabulary[0]);
        expect(e.href).toBe(`/traces/${e.traceId}`);
        expect(e.text).not.toMatch(/thanks that worked/);
      }
    }
    const sizes = Object.fromEntries(res.json.topics.map((x: { terms: string[]; size: number }) => [x.terms.some((w) => (TOPIC_VOCABULARIES.travel as readonly string[]).includes(w)) ? "travel" : "other", x.size]));
    // Purity >= 0.9: travel's 70 conversations land in one topic of 63..77.
    expect(sizes.travel).toBeGreaterThanOrEqual(63);
    expect(sizes.travel).toBeLessThanOrEqual(77);
    const named = (topic: GeneratedTopic) => res.json.topics.find((x: { terms: string[] }) => (TOPIC_VOCABULARIES[topic] as readonly string[]).includes(x.terms[0]));
    const travel = named("travel");
    expect(travel.thisWeek).toBeGreaterThan(travel.lastWeek * 3);
    // Per-topic aggregates: feedback, sentiment and cost (0.01 per trace, sessions have a second trace).
    expect(named("billing").satisfaction.share).toBeLessThanOrEqual(0.1);
    expect(named("cooking").satisfaction.share).toBeGreaterThanOrEqual(0.9);
    expect(travel.satisfaction).toMatchObject({ n: 0, share: null });
    expect(named("billing").sentiment.meanPolarity).toBeLessThan(-0.4);
    expect(named("cooking").sentiment.meanPolarity).toBeGreaterThan(0.4);
    for (const x of res.json.topics) {
      expect(x.meanCost).toBeGreaterThanOrEqual(0.01);
      expect(x.meanCost).toBeLessThanOrEqual(0.02);
    }
    // One run's rows only, however often it runs.
    await run(insightsTopics, INSIGHTS_TOPICS_REQUESTED, "topics-2", topicOrg.project.id);
    expect(await t.h.db.select().from(insightTopics).where(eq(insightTopics.projectId, topicOrg.project.id))).toHaveLength(3);
  });

  test("the suggestions pass turns the growing topic into a finding", async () => {
    await run(insightsSuggestions, INSIGHTS_SUGGESTIONS_REQUESTED, "suggest-1", topicOrg.project.id);
    const rows = await t.h.db.select().from(insightSuggestions).where(eq(insightSuggestions.projectId, topicOrg.project.id));
    const growing = rows.filter((r) => r.rule === "growing-topic");
    expect(growing).toHaveLength(1);
    expect(growing[0].title).toMatch(/Growing conversation topic/);
    expect((TOPIC_VOCABULARIES.travel as readonly string[]).some((w) => growing[0].title.includes(w))).toBe(true);
  });

  test("another project's key sees its own (empty) topics; a viewer reads them", async () => {
    expect((await ask(key())).json).toEqual({ run: null, topics: [] });
    expect((await call(topics.GET, "/api/v1/insights/topics", { as: topicOrg.users.viewer.id })).json.topics).toHaveLength(3);
  });
});
