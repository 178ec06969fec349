// Demo Spectrum: a few end users (user_0001 is the demo member) with ~3 months of conversations whose moods follow
// a visible trend, analysed at seed time with the same library functions the jobs use.
import type { Db } from "@/db/client";
import { spectrumSessionAggregates, spectrumSessions, spectrumTurnVectors, spectrumTurns } from "@/db/schema";
import { createRandom } from "@/lib/primitives/random";
import { lexiconAnalyzer } from "../spectrum/lexicon-analyzer";
import { analyzeSession, sessionAnalysisVersion } from "../spectrum/session-aggregate";
import { periodRange, type Granularity } from "../spectrum/period-range";
import type { Emotion } from "../spectrum/types";
import { generatePeriodInsight } from "../spectrum/store/insights";
import { recomputePeriod } from "../spectrum/store/period";
import { seedDemoEngagement } from "./spectrum-engagement";

const DAY = 86_400_000;
export const DEMO_SPECTRUM_WEEKS = 13;

const openers: Record<Emotion | "neutral", string[]> = {
  anxiety: ["I'm really worried about the deadline and nervous I will fail.", "I feel anxious about the presentation tomorrow, so stressed.", "I'm scared this migration will go wrong, I'm nervous."],
  frustration: ["This is so frustrating, it keeps breaking and I'm annoyed.", "Ugh, the build failed again, I'm fed up with this.", "I'm frustrated, nothing I try works."],
  confusion: ["I'm confused, I don't understand how this works.", "I'm lost, what does this error even mean?", "I don't get why the numbers differ, it's confusing."],
  sadness: ["I feel sad and lonely today, a bit down.", "Feeling down this week, it's been a disappointing few days.", "I'm a bit sad the project got cancelled."],
  anger: ["I'm angry, this is ridiculous and unfair.", "This is outrageous, I'm furious they changed it again."],
  calm: ["I feel calm and relaxed about it now.", "Things are peaceful this week, I'm relaxed.", "I'm feeling settled and calm about the plan."],
  joy: ["That's great, I'm happy and excited it works!", "I'm so happy, the launch went wonderfully!", "Awesome news, I'm delighted with the result!"],
  gratitude: ["Thanks so much, that really helped, I'm grateful!", "Thank you, I appreciate the help a lot.", "Really grateful for the clear explanation, thanks!"],
  neutral: ["Okay, can you show me the next step?", "Can you summarise the options?", "What would the query look like?"],
};
const closers: Record<"better" | "same" | "worse", string[]> = {
  better: ["Thanks, that helped, I feel much calmer now.", "Great, that works, thank you!", "Oh that makes sense now, I'm relieved."],
  same: ["Okay, I'll try that.", "Alright, let me check.", "Fine, noted."],
  worse: ["That still doesn't work, this is frustrating.", "Now I'm even more worried about it.", "I'm still confused and annoyed."],
};
const assistantLines = ["Here is a step-by-step way to approach it.", "Let's break this into smaller parts.", "A common cause is a missing setting; here is how to check.", "Here are two options with their trade-offs."];

type Profile = { userId: string; sessionsPerWeek: number; mood: (progress: number) => Record<Emotion | "neutral", number>; recovery: number };

/** progress runs 0 (three months ago) .. 1 (this week). */
const profiles: Profile[] = [
  // The demo member: a stressful first month that turns calmer and more grateful.
  { userId: "user_0001", sessionsPerWeek: 4, recovery: 0.7, mood: (p) => ({ anxiety: 6 * (1 - p) + 0.5, frustration: 4 * (1 - p) + 0.5, confusion: 2, sadness: 1 * (1 - p), anger: 0.3 * (1 - p), calm: 5 * p + 0.5, joy: 3 * p, gratitude: 4 * p + 0.5, neutral: 2 }) },
  { userId: "user_0002", sessionsPerWeek: 3, recovery: 0.4, mood: (p) => ({ anxiety: 1 + 3 * p, frustration: 1 + 4 * p, confusion: 2, sadness: 2 * p, anger: p, calm: 4 * (1 - p), joy: 3 * (1 - p), gratitude: 2, neutral: 2 }) },
  { userId: "user_0003", sessionsPerWeek: 3, recovery: 0.6, mood: () => ({ anxiety: 1, frustration: 1, confusion: 3, sadness: 0.5, anger: 0, calm: 3, joy: 2, gratitude: 3, neutral: 3 }) },
  { userId: "user_0004", sessionsPerWeek: 2, recovery: 0.5, mood: (p) => ({ anxiety: 2, frustration: 2, confusion: 4 * (1 - p) + 1, sadness: 1, anger: 0.5, calm: 2, joy: 2 + 2 * p, gratitude: 2 + 2 * p, neutral: 2 }) },
  { userId: "user_0005", sessionsPerWeek: 2, recovery: 0.5, mood: (p) => ({ anxiety: 1, frustration: 1, confusion: 1, sadness: 3 * (1 - p) + 0.5, anger: 0.2, calm: 2 + 2 * p, joy: 1 + 2 * p, gratitude: 2, neutral: 2 }) },
];

/** Stratified sampling: the week's sessions cover the mood mix in proportion, so the trend shows week by week. */
function stratifiedPick<K extends string>(weights: Record<K, number>, u: number): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = u * total;
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[entries.length - 1][0];
}

export interface DemoSpectrumResult {
  users: number;
  sessions: number;
  turns: number;
  insights: number;
}

/** Deterministic for a given anchor (the last day, UTC midnight) and seed; no session starts after `until`. */
export async function seedSpectrumDemo(db: Db, projectId: string, anchor: Date, seed = 42, until?: Date): Promise<DemoSpectrumResult> {
  const latestStart = Math.min(anchor.getTime() + DAY, until?.getTime() ?? Infinity) - 3_600_000;
  const rnd = createRandom(seed + 7);
  const analyzer = lexiconAnalyzer();
  const currentWeek = periodRange(anchor, "week");
  const firstWeek = new Date(currentWeek.start.getTime() - (DEMO_SPECTRUM_WEEKS - 1) * 7 * DAY);
  const sessions: (typeof spectrumSessions.$inferInsert)[] = [];
  const turns: (typeof spectrumTurns.$inferInsert)[] = [];
  const vectors: (typeof spectrumTurnVectors.$inferInsert)[] = [];
  const aggregates: (typeof spectrumSessionAggregates.$inferInsert)[] = [];
  for (const profile of profiles) {
    for (let w = 0; w < DEMO_SPECTRUM_WEEKS; w++) {
      const weekStart = firstWeek.getTime() + w * 7 * DAY;
      const progress = w / (DEMO_SPECTRUM_WEEKS - 1);
      const count = Math.max(1, profile.sessionsPerWeek + rnd.int(-1, 1));
      for (let k = 0; k < count; k++) {
        const day = Math.min(6, Math.floor((k * 7) / count) + rnd.int(0, 1));
        const startedAt = new Date(weekStart + day * DAY + rnd.int(8, 20) * 3_600_000 + rnd.int(0, 59) * 60_000);
        if (startedAt.getTime() > latestStart) continue;
        const sessionId = `demo-${profile.userId}-w${w}-s${k}`;
        const mood = stratifiedPick(profile.mood(progress), (k + rnd.int(0, 999) / 1000) / count);
        const outcome = rnd.chance(profile.recovery) ? "better" : rnd.chance(0.5) ? "same" : "worse";
        const lines = [
          { role: "user" as const, text: rnd.pick(openers[mood]) },
          { role: "assistant" as const, text: rnd.pick(assistantLines) },
          { role: "user" as const, text: rnd.pick(openers[rnd.chance(0.5) ? mood : "neutral"]) },
          { role: "assistant" as const, text: rnd.pick(assistantLines) },
          { role: "user" as const, text: rnd.pick(closers[outcome]) },
        ];
        const sessionTurns = lines.map((l, i) => ({ ...l, id: `${sessionId}-t${i}`, timestamp: new Date(startedAt.getTime() + i * 90_000) }));
        const aggregate = await analyzeSession(sessionTurns, analyzer);
        const userVectors = await analyzer.analyze(sessionTurns.filter((t) => t.role === "user").map((t) => t.text));
        let u = 0;
        const impacts = new Map(aggregate.turnImpacts.map((imp) => [imp.assistantTurnIndex, imp]));
        const version = sessionAnalysisVersion(analyzer.version);
        sessions.push({ projectId, id: sessionId, userId: profile.userId, startedAt, endedAt: sessionTurns.at(-1)!.timestamp, completed: true });
        sessionTurns.forEach((t, i) => {
          turns.push({ projectId, id: t.id, sessionId, userId: profile.userId, role: t.role, text: t.text, timestamp: t.timestamp });
          vectors.push({ projectId, turnId: t.id, sessionId, userId: profile.userId, role: t.role, timestamp: t.timestamp, vector: t.role === "user" ? userVectors[u++] : null, impact: t.role === "assistant" ? (impacts.get(i) ?? null) : null, analysisVersion: version });
        });
        aggregates.push({ projectId, sessionId, userId: profile.userId, startedAt, vector: aggregate.vector, dominant: aggregate.dominant, dominantEmotions: aggregate.dominantEmotions, patterns: aggregate.patterns, userTurnCount: aggregate.userTurnCount, analysisVersion: aggregate.analysisVersion });
      }
    }
  }
  const chunks = <T>(rows: T[], size = 1000) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  for (const c of chunks(sessions)) await db.insert(spectrumSessions).values(c).onConflictDoNothing();
  for (const c of chunks(turns)) await db.insert(spectrumTurns).values(c).onConflictDoNothing();
  for (const c of chunks(vectors)) await db.insert(spectrumTurnVectors).values(c).onConflictDoNothing();
  for (const c of chunks(aggregates)) await db.insert(spectrumSessionAggregates).values(c).onConflictDoNothing();

  // Periods: finished ones get their insight (as the weekly/monthly jobs would), the current ones an aggregate only.
  let insights = 0;
  for (const profile of profiles) {
    for (const granularity of ["week", "month"] as Granularity[]) {
      let at = periodRange(firstWeek, granularity).start;
      const current = periodRange(anchor, granularity);
      while (at < current.end) {
        const range = periodRange(at, granularity);
        if (range.key === current.key) await recomputePeriod(db, projectId, profile.userId, granularity, at);
        else if (await generatePeriodInsight(db, projectId, profile.userId, granularity, at)) insights++;
        at = range.end;
      }
    }
  }
  await seedDemoEngagement(db, projectId, profiles.map((p) => p.userId), firstWeek, DEMO_SPECTRUM_WEEKS, anchor);
  return { users: profiles.length, sessions: sessions.length, turns: turns.length, insights };
}
