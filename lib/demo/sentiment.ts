// What the demo's end users say and how they rate, so the Sentiment page shows something true: a user's mood follows
// what happened to them (a failed call, the injected tool outage), their words carry that mood, and their rating
// follows both. Drawn from a random stream per trace id, so the rest of the demo data is unchanged.
import { createRandom, type Random } from "@/lib/primitives/random";

const DAY = 86_400_000;

/** The injected tool outage: from TOOL_OUTAGE_DAYS[0] to TOOL_OUTAGE_DAYS[1] days before the anchor's UTC day, the
 * SQL agent's `run_sql` tool fails for TOOL_OUTAGE_FAILURE_RATE of the traces (a permissions change gone wrong). */
export const TOOL_OUTAGE_DAYS = [9, 7] as const;
export const TOOL_OUTAGE_FAILURE_RATE = 0.6;

export function toolOutageWindow(anchor: number): { from: number; to: number } {
  const day = Math.floor(anchor / DAY) * DAY;
  return { from: day - TOOL_OUTAGE_DAYS[0] * DAY, to: day - TOOL_OUTAGE_DAYS[1] * DAY };
}

export type DemoMood = "frustrated" | "confused" | "neutral" | "pleased";

/** A per-trace random stream (trace ids are random hex). */
export function traceRandom(traceId: string, salt: number): Random {
  return createRandom((Number.parseInt(traceId.slice(8, 16), 16) ^ salt) >>> 0);
}

/** Whether this trace's SQL tool call fails in the outage (decided from the trace id). */
export function failsInOutage(traceId: string, start: number, anchor: number): boolean {
  const w = toolOutageWindow(anchor);
  return start >= w.from && start < w.to && traceRandom(traceId, 0x51).chance(TOOL_OUTAGE_FAILURE_RATE);
}

/** The user's mood: mostly frustrated when the trace fails (they are retrying), mostly neutral or pleased otherwise. */
export function demoMood(traceId: string, failed: boolean): DemoMood {
  const rnd = traceRandom(traceId, 0x6d);
  return failed
    ? rnd.weighted({ frustrated: 65, confused: 15, neutral: 15, pleased: 5 })
    : rnd.weighted({ frustrated: 5, confused: 10, neutral: 55, pleased: 30 });
}

const OPENERS: Record<DemoMood, readonly string[]> = {
  frustrated: [
    "This is the third time I'm asking and it still doesn't work.",
    "Ugh, it failed again, this is so annoying.",
    "I'm really annoyed, nothing works today.",
    "Seriously? Still broken. I'm wasting my whole afternoon on this.",
  ],
  confused: ["I don't understand the last answer.", "Sorry, I'm confused, which page do you mean?", "That didn't make sense to me, can you explain?"],
  neutral: [""],
  pleased: ["Thanks, that helped a lot! One more thing:", "Great, the last answer was perfect.", "I love how quick this is, thank you."],
};

/** The user's message: their question, opened in their mood. */
export function demoUserMessage(traceId: string, mood: DemoMood, question: string): string {
  const opener = traceRandom(traceId, 0x3a).pick(OPENERS[mood]);
  return opener ? `${opener} ${question}` : question;
}

const COMMENTS = {
  low: ["Wrong again. This is frustrating.", "Useless, it did not answer my question.", "Terrible, I had to do it myself."],
  high: ["Perfect, thank you!", "Exactly what I needed, great job.", "Very helpful, thanks!"],
};

/**
 * The end user's 1–5 rating of a trace (about half the chat traces get one), and sometimes a comment. It follows
 * whether the answer failed and how the user felt; a third of the variation is noise.
 */
export function demoRating(traceId: string, failed: boolean, mood: DemoMood): { value: number; comment: string | null } | null {
  const rnd = traceRandom(traceId, 0x2b);
  if (!rnd.chance(0.5)) return null;
  const moodShift = { frustrated: -1, confused: -0.5, neutral: 0, pleased: 0.7 }[mood];
  const value = Math.max(1, Math.min(5, Math.round((failed ? 2 : 4) + moodShift + (rnd.next() - 0.5) * 2)));
  const comment = value <= 2 && rnd.chance(0.5) ? rnd.pick(COMMENTS.low) : value === 5 && rnd.chance(0.4) ? rnd.pick(COMMENTS.high) : null;
  return { value, comment };
}
