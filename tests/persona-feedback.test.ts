// Persona suggestion feedback and the weekly weight refit, through the real routes, job and database: a served
// suggestion is stored with its signals and returns a suggestionId; the product's accepted persona is recorded (an
// unknown id is a 404, a persona that was not suggested a 422); with too little feedback the refit changes nothing;
// when the product keeps choosing the persona that suits the message, the refit moves weight to the message fit,
// is adopted after beating the prior on the holdout, and the next suggestions use it; erasure removes the rows.
import { beforeAll, describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { jobRuns, observations, personaSuggestions, personaWeightFits, scores, traces } from "@/db/schema";
import * as suggestRoute from "@/app/api/v1/personas/suggest/route";
import * as feedbackRoute from "@/app/api/v1/personas/suggest/feedback/route";
import { EmbeddedRunner } from "@/lib/jobs/runner";
import { personaWeightsRefit, PERSONA_WEIGHTS_REFIT_REQUESTED } from "@/inngest/functions/persona-weights-refit";
import { SIGNAL_WEIGHTS } from "@/lib/personalization/personas/suggest";
import { MIN_REFIT_EXAMPLES } from "@/lib/personalization/personas/refit";
import { deleteEndUser } from "@/lib/spectrum/store/delete-user";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const now = new Date();
const day = (n: number, hour: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - n, hour));

const TEXTS: Record<string, string[]> = {
  coach: ["I'm stuck and frustrated, please help me", "this keeps failing and I am stuck", "help, I feel lost and stuck again"],
  expert: ["what are the api rate limits per minute", "explain the api latency numbers", "which api limits apply to batch calls"],
  buddy: ["good morning, tell me a joke about cats", "what a lovely sunny weekend with friends", "tell me something fun about cats"],
};
const PERSONAS = Object.keys(TEXTS);

beforeAll(async () => {
  const p = t.org.project.id;
  const rows: { id: string; persona: string; text: string; at: Date; user: string; score: number }[] = [];
  for (let i = 0; i < 24; i++) {
    for (const persona of PERSONAS) {
      // Each persona satisfies its own kind of message; expert also satisfies most others (the best rated overall),
      // so history alone would put expert first for everyone.
      rows.push({ id: `${persona}-${i}`, persona, text: TEXTS[persona][i % 3], at: day(1 + (i % 20), 12), user: `u-${persona}-${i}`, score: 1 });
      for (const other of PERSONAS.filter((o) => o !== persona)) {
        rows.push({ id: `${persona}-${other}-${i}`, persona, text: TEXTS[other][i % 3], at: day(1 + (i % 20), 12), user: `u-${persona}-${i}`, score: persona === "expert" && i % 4 !== 0 ? 1 : 0 });
      }
    }
  }
  // The choosers below rated expert's answers well and the others' poorly: their history says expert.
  for (let c = 0; c < 40; c++) {
    for (let k = 0; k < 10; k++) rows.push({ id: `ch-${c}-e${k}`, persona: "expert", text: TEXTS.expert[k % 3], at: day(3, 10), user: `chooser-${c}`, score: 1 });
    for (const other of ["coach", "buddy"]) {
      for (let k = 0; k < 5; k++) rows.push({ id: `ch-${c}-${other}${k}`, persona: other, text: TEXTS.expert[k % 3], at: day(3, 10), user: `chooser-${c}`, score: 0 });
    }
  }
  await t.h.db.insert(traces).values(rows.map((r) => ({ projectId: p, id: r.id, name: "chat", userId: r.user, timestamp: r.at, metadata: { persona: r.persona } })));
  await t.h.db.insert(observations).values(rows.map((r) => ({ projectId: p, traceId: r.id, id: `${r.id}-o`, type: "span" as const, name: "chat", startTime: r.at, input: r.text })));
  await t.h.db.insert(scores).values(rows.map((r) => ({ projectId: p, id: `s-${r.id}`, traceId: r.id, name: "thumbs", value: r.score, dataType: "boolean" as const, source: "api" as const, timestamp: r.at })));
});

const suggest = (body: unknown) => call(suggestRoute.POST, "/api/v1/personas/suggest", { method: "POST", headers: key(), body });
const feedback = (body: unknown) => call(feedbackRoute.POST, "/api/v1/personas/suggest/feedback", { method: "POST", headers: key(), body });

async function refit(at: Date) {
  const runner = new EmbeddedRunner(t.h.db, [personaWeightsRefit], { log: () => {} });
  await runner.send({ name: PERSONA_WEIGHTS_REFIT_REQUESTED, data: { projectId: t.org.project.id, now: at.toISOString() }, id: `refit-${at.toISOString()}` });
  await runner.drain();
}

describe("persona suggestion feedback", () => {
  test("a served suggestion is stored with its signals and weights; feedback is checked against what was shown", async () => {
    const res = await suggest({ userId: "asker", text: "I am stuck, help me please", context: { hour: 12 } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.weights).toEqual({ values: SIGNAL_WEIGHTS, source: "prior" });
    expect(res.json.suggestionId).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await t.h.db.select().from(personaSuggestions).where(eq(personaSuggestions.id, res.json.suggestionId));
    expect(row).toMatchObject({ userId: "asker", hour: 12, acceptedPersona: null });
    expect(row.suggestions).toEqual(res.json.suggestions.map((s: { persona: string; score: number; signals: unknown }) => ({ persona: s.persona, score: s.score, signals: s.signals })));

    expect((await feedback({ suggestionId: "8b7f7f8e-0000-4000-8000-000000000000", persona: "coach" })).status).toBe(404);
    const notShown = await feedback({ suggestionId: res.json.suggestionId, persona: "pirate" });
    expect(notShown.status).toBe(422);
    expect(notShown.json.error.message).toMatch(/not among the suggestions/);
    expect((await feedback({ suggestionId: res.json.suggestionId, persona: "coach", rating: 9 })).status).toBe(400);
    const ok = await feedback({ suggestionId: res.json.suggestionId, persona: "coach", rating: 5 });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    const [after] = await t.h.db.select().from(personaSuggestions).where(eq(personaSuggestions.id, res.json.suggestionId));
    expect(after).toMatchObject({ acceptedPersona: "coach", rating: 5 });
  });

  test("with too little feedback the refit stores nothing and the prior stays", async () => {
    await refit(new Date(Date.now() + 60_000));
    expect(await t.h.db.select().from(personaWeightFits).where(eq(personaWeightFits.projectId, t.org.project.id))).toEqual([]);
    const runs = await t.h.db.select().from(jobRuns).where(and(eq(jobRuns.projectId, t.org.project.id), eq(jobRuns.functionId, "persona-weights-refit")));
    expect(runs.map((r) => r.status)).toEqual(["succeeded"]);
  });

  test("when the product follows the message, the refit moves weight to the fit signal, is adopted, and serves", async () => {
    let priorTopWrong = 0;
    let poorlyRated = 0;
    for (let i = 0; i < 160; i++) {
      const persona = PERSONAS[i % 3];
      const res = await suggest({ userId: `chooser-${i % 40}`, text: TEXTS[persona][(i >> 2) % 3], context: { hour: (i * 7) % 24 } });
      expect(res.status).toBe(200);
      const shown = res.json.suggestions.map((s: { persona: string }) => s.persona);
      if (shown[0] !== persona) priorTopWrong++;
      // Every tenth answer of the chosen persona is rated poorly: not a positive example.
      const rating = i % 10 === 9 ? 2 : 5;
      if (rating < 4) poorlyRated++;
      expect((await feedback({ suggestionId: res.json.suggestionId, persona, rating })).status).toBe(200);
    }
    // The prior's history weight puts the persona the user rated best first for many messages it does not suit.
    expect(priorTopWrong).toBeGreaterThan(20);
    await refit(new Date(Date.now() + 120_000));
    const [fit] = await t.h.db.select().from(personaWeightFits).where(eq(personaWeightFits.projectId, t.org.project.id));
    expect(fit.examples).toBe(161 - poorlyRated);
    expect(fit.examples).toBeGreaterThanOrEqual(MIN_REFIT_EXAMPLES);
    console.log(`persona refit: ${fit.examples} examples, weights ${JSON.stringify(fit.weights)}, holdout top-1 ${JSON.stringify(fit.evaluation)}`);
    expect(fit.adopted).toBe(true);
    const evaluation = fit.evaluation as { priorAccuracy: number; refitAccuracy: number };
    expect(evaluation.refitAccuracy).toBeGreaterThan(evaluation.priorAccuracy);
    expect(fit.weights.fit).toBeGreaterThan(SIGNAL_WEIGHTS.fit);
    expect(fit.weights.fit).toBeGreaterThan(fit.weights.history);
    // The next suggestion is scored with the refit (the job dropped the cached signals).
    const next = await suggest({ text: TEXTS.buddy[0], context: { hour: 12 } });
    expect(next.json.weights).toMatchObject({ source: "refit", values: fit.weights, examples: fit.examples });
    expect(next.json.suggestions[0].persona).toBe("buddy");
  }, 120_000);

  test("the user page's preview scores the user's latest message at its hour and stores nothing", async () => {
    const { userPersonaPreview } = await import("@/lib/personalization/personas/preview");
    const before = (await t.h.db.select().from(personaSuggestions)).length;
    const preview = await userPersonaPreview(t.h.db, t.org.project.id, "u-buddy-3");
    // u-buddy-3's traces are all at 12:00 UTC, the latest one from day(1 + 3); its first message is a buddy text.
    expect(preview.hour).toBe(12);
    expect(preview.messageAt).toEqual(day(4, 12));
    expect(preview.result!.suggestions).toHaveLength(3);
    expect(preview.result!.weights.source).toBe("refit");
    expect(preview.result!.suggestionId).toBeUndefined();
    expect((await t.h.db.select().from(personaSuggestions)).length).toBe(before);
    const none = await userPersonaPreview(t.h.db, t.org.project.id, "never-wrote");
    expect(none).toEqual({ messageAt: null, hour: null, result: null });
  });

  test("erasing a user removes their suggestions", async () => {
    await deleteEndUser(t.h.db, t.org.project.id, "asker");
    expect(await t.h.db.select().from(personaSuggestions).where(and(eq(personaSuggestions.projectId, t.org.project.id), eq(personaSuggestions.userId, "asker")))).toEqual([]);
  });
});
