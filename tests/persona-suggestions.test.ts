// Persona suggestions through POST /api/v1/personas/suggest on a real database: the text model learns which messages
// each persona satisfied, the user's own ratings come first, and the static affinity table stands in for a missing text
// model or, in a project without persona data, for everything (saying so).
import { beforeAll, expect, test } from "vitest";
import { bearer, call, seedOrg, seededDatabase } from "./support/fixtures";
import { observations, scores, traces } from "@/db/schema";
import * as suggestRoute from "@/app/api/v1/personas/suggest/route";
import * as settingsRoute from "@/app/api/v1/recommendations/settings/route";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const now = new Date();
const day = (n: number, hour: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - n, hour));

const STUCK = ["I'm stuck and frustrated, please help me", "this keeps failing and I am stuck", "help, I feel lost and stuck again"];
const TECH = ["what are the api rate limits per minute", "explain the api latency numbers", "which api limits apply to batch calls"];

beforeAll(async () => {
  const p = t.org.project.id;
  const rows: { id: string; persona: string; text: string; at: Date; user: string; score: number }[] = [];
  for (let i = 0; i < 24; i++) {
    // coach satisfies stuck users and leaves technical ones cold; expert the other way round.
    rows.push({ id: `c${i}`, persona: "coach", text: STUCK[i % 3], at: day(1 + (i % 20), 20), user: `u${i}`, score: 1 });
    rows.push({ id: `cx${i}`, persona: "coach", text: TECH[i % 3], at: day(1 + (i % 20), 20), user: `u${i}`, score: 0 });
    rows.push({ id: `e${i}`, persona: "expert", text: TECH[i % 3], at: day(1 + (i % 20), 9), user: `v${i}`, score: 1 });
    rows.push({ id: `ex${i}`, persona: "expert", text: STUCK[i % 3], at: day(1 + (i % 20), 9), user: `v${i}`, score: 0 });
  }
  // A user who rated expert's answers low many times.
  for (let i = 0; i < 8; i++) rows.push({ id: `f${i}`, persona: "expert", text: TECH[i % 3], at: day(2, 9), user: "fan-of-coach", score: 0 });
  await t.h.db.insert(traces).values(rows.map((r) => ({ projectId: p, id: r.id, name: "chat", userId: r.user, timestamp: r.at, metadata: { persona: r.persona } })));
  await t.h.db.insert(observations).values(rows.map((r) => ({ projectId: p, traceId: r.id, id: `${r.id}-o`, type: "span" as const, name: "chat", startTime: r.at, input: r.text })));
  await t.h.db.insert(scores).values(rows.map((r) => ({ projectId: p, id: `s-${r.id}`, traceId: r.id, name: "thumbs", value: r.score, dataType: "boolean" as const, source: "api" as const, timestamp: r.at })));
});

const suggest = (body: unknown, headers = key()) => call(suggestRoute.POST, "/api/v1/personas/suggest", { method: "POST", headers, body });

test("the message decides between equally rated personas: a stuck user gets the coach, a technical question the expert", async () => {
  const stuck = await suggest({ text: "I am stuck, help me please", context: { hour: 12 } });
  expect(stuck.status, JSON.stringify(stuck.json)).toBe(200);
  expect(stuck.json.trainedOn).toBe(48);
  expect(stuck.json.suggestions.map((s: { persona: string }) => s.persona)).toEqual(["coach", "expert"]);
  expect(stuck.json.suggestions[0].reasons.join(" ")).toMatch(/likely to suit this message/);
  const tech = await suggest({ text: "what api limits apply?", context: { hour: 12 } });
  expect(tech.json.suggestions[0].persona).toBe("expert");
});

test("the user's own ratings weigh most, and the time of day counts", async () => {
  const fan = await suggest({ userId: "fan-of-coach", text: "what api limits apply?", context: { hour: 12 } });
  expect(fan.json.suggestions[0].persona).toBe("coach");
  const expertReasons = fan.json.suggestions.find((s: { persona: string }) => s.persona === "expert").reasons;
  expect(expertReasons[0]).toBe("this user rated 8 of its answers, 0% satisfied on average");
  const evening = (await suggest({ text: "hello", context: { hour: 20 } })).json.suggestions[0];
  expect(evening.persona).toBe("coach");
  expect(evening.signals.timeOfDay).toBe(1);
});

test("bad input is a 400 naming the field; a project without persona data gets the static affinity table, saying so", async () => {
  const bad = await suggest({ text: "" });
  expect(bad.status).toBe(400);
  expect(bad.json.error.message).toContain("text");
  expect((await suggest({ text: "hi", context: { hour: 24 } })).status).toBe(400);
  const other = await seedOrg(t.h.db, "empty-org");
  const otherKey = bearer(other.apiKey.secretKey);
  const empty = await suggest({ text: "I'm so worried and anxious about my exam tomorrow" }, otherKey);
  expect(empty.status).toBe(200);
  // The shipped table's anxiety row: mentor 0.6, coach 0.3, expert 0.1.
  expect(empty.json).toMatchObject({ source: "fallback", fit: "fallback", fallbackTable: "shipped", missing: ["no persona has answered any traces yet"], trainedOn: 0 });
  expect(empty.json.suggestions.map((s: { persona: string; score: number }) => [s.persona, s.score])).toEqual([["mentor", 0.6], ["coach", 0.3], ["expert", 0.1]]);
  expect(empty.json.suggestions[0].reasons).toEqual(["fallback: static affinity 60% for a message showing anxiety"]);
  expect(empty.json.suggestionId).toMatch(/^[0-9a-f-]{36}$/);
  // A project's own table replaces the shipped one; null restores it.
  const table = { default: { guide: 0.7, buddy: 0.3 }, tones: { anxiety: { buddy: 0.9, guide: 0.1 } } };
  const saved = await call(settingsRoute.PUT, "/api/v1/recommendations/settings", { method: "PUT", headers: otherKey, body: { personaFallback: table } });
  expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  const own = await suggest({ text: "I'm so worried and anxious about my exam tomorrow" }, otherKey);
  expect(own.json.fallbackTable).toBe("project");
  expect(own.json.suggestions.map((s: { persona: string }) => s.persona)).toEqual(["buddy", "guide"]);
  expect((await suggest({ text: "hi" }, otherKey)).json.suggestions[0]).toMatchObject({ persona: "guide", score: 0.7, reasons: ["fallback: static affinity 70% for a message with no detected tone"] });
  expect((await call(settingsRoute.PUT, "/api/v1/recommendations/settings", { method: "PUT", headers: otherKey, body: { personaFallback: null } })).status).toBe(200);
  expect((await suggest({ text: "hi" }, otherKey)).json.fallbackTable).toBe("shipped");
  const badTable = await call(settingsRoute.PUT, "/api/v1/recommendations/settings", { method: "PUT", headers: otherKey, body: { personaFallback: { default: { guide: 2 } } } });
  expect(badTable.status).toBe(400);
  expect(badTable.json.error.message).toContain("personaFallback");
});

test("without a text model (too few rated conversations) the table stands in for the fit to the message", async () => {
  const few = await seedOrg(t.h.db, "few-org");
  const at = day(1, 10);
  const rows = ["mentor", "mentor", "expert", "expert"].map((persona, i) => ({ projectId: few.project.id, id: `few${i}`, name: "chat", userId: `w${i}`, timestamp: at, metadata: { persona } }));
  await t.h.db.insert(traces).values(rows);
  const ask = (text: string) => suggest({ text, context: { hour: 10 } }, bearer(few.apiKey.secretKey));
  const anxious = await ask("I'm so worried and anxious about my exam tomorrow");
  expect(anxious.status, JSON.stringify(anxious.json)).toBe(200);
  expect(anxious.json).toMatchObject({ source: "signals", fit: "fallback", fallbackTable: "shipped", trainedOn: 0 });
  // fit: mentor 0.6, expert 0.1 → scaled 1 and 1/6; time of day equal (1 each); no ratings, no retention:
  // mentor (0.3·1 + 0.2·1) / 0.5 = 1, expert (0.3/6 + 0.2) / 0.5 = 0.5.
  expect(anxious.json.suggestions.map((s: { persona: string; score: number }) => [s.persona, s.score])).toEqual([["mentor", 1], ["expert", 0.5]]);
  expect(anxious.json.suggestions[0].reasons).toContain("fallback: static affinity 60% for a message showing anxiety");
  // Frustration's row prefers the expert (0.5 against 0.3).
  expect((await ask("I'm stuck and frustrated, please help me")).json.suggestions[0].persona).toBe("expert");
});
