// Persona suggestions through POST /api/v1/personas/suggest on a real database: the text model learns which messages
// each persona satisfied, the user's own ratings come first, and a project without personas gets an honest empty answer.
import { beforeAll, expect, test } from "vitest";
import { bearer, call, seedOrg, seededDatabase } from "./support/fixtures";
import { observations, scores, traces } from "@/db/schema";
import * as suggestRoute from "@/app/api/v1/personas/suggest/route";

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

test("bad input is a 400 naming the field; a project without personas gets no suggestions and says why", async () => {
  const bad = await suggest({ text: "" });
  expect(bad.status).toBe(400);
  expect(bad.json.error.message).toContain("text");
  expect((await suggest({ text: "hi", context: { hour: 24 } })).status).toBe(400);
  const other = await seedOrg(t.h.db, "empty-org");
  const empty = await suggest({ text: "hi" }, bearer(other.apiKey.secretKey));
  expect(empty.status).toBe(200);
  expect(empty.json).toMatchObject({ suggestions: [], missing: ["no persona has answered any traces yet"], trainedOn: 0 });
});
