// Named emotional patterns of a session, derived from the trajectory of the
// user's turns. Deliberately simple, explainable rules (start vs end of the
// session plus a trend check) so a pattern can be justified to a user.
import { linearRegression, sampleStandardDeviation } from "simple-statistics";
import type { Emotion, EmotionVector } from "./types";
import { meanVector } from "./vector";

export const SESSION_PATTERNS = [
  "anxious-to-calm",
  "confused-to-clear",
  "frustrated-to-satisfied",
  "sad-to-uplifted",
  "rising-frustration",
  "rising-anxiety",
  "escalating-anger",
  "improving-mood",
  "declining-mood",
  "steady-calm",
  "steady-neutral",
  "volatile",
] as const;

export type SessionPattern = (typeof SESSION_PATTERNS)[number];

/** Human wording for UIs and insight prompts. */
export const PATTERN_LABELS: Record<SessionPattern, string> = {
  "anxious-to-calm": "anxious to calm",
  "confused-to-clear": "confused to clear",
  "frustrated-to-satisfied": "frustrated to satisfied",
  "sad-to-uplifted": "sad to uplifted",
  "rising-frustration": "rising frustration",
  "rising-anxiety": "rising anxiety",
  "escalating-anger": "escalating anger",
  "improving-mood": "improving mood",
  "declining-mood": "declining mood",
  "steady-calm": "steady calm",
  "steady-neutral": "steady neutral",
  "volatile": "volatile",
};

export const PATTERN_THRESHOLDS = {
  /** An emotion at or above this intensity is "present". */
  present: 0.3,
  /** Minimum start-to-end change of an emotion to call it a transition. */
  shift: 0.2,
  /** Minimum start-to-end valence change for improving/declining mood. */
  moodShift: 0.4,
  /** Valence spread (sample std) above which a session is volatile. */
  volatileStd: 0.45,
  /** "Steady" sessions keep valence within this spread. */
  steadyStd: 0.2,
} as const;

const NEGATIVE: readonly Emotion[] = ["sadness", "anxiety", "anger", "frustration", "confusion"];

interface Trajectory {
  start: EmotionVector;
  end: EmotionVector;
  vectors: readonly EmotionVector[];
}

/** Slope of one emotion over turn index; > 0 means increasing. */
function slope(vectors: readonly EmotionVector[], pick: (v: EmotionVector) => number): number {
  return linearRegression(vectors.map((v, i) => [i, pick(v)])).m;
}

function transition(t: Trajectory, from: Emotion, confirm: (t: Trajectory) => boolean): boolean {
  const { present, shift } = PATTERN_THRESHOLDS;
  return t.start.emotions[from] >= present && t.start.emotions[from] - t.end.emotions[from] >= shift && confirm(t);
}

function rising(t: Trajectory, e: Emotion): boolean {
  const { present, shift } = PATTERN_THRESHOLDS;
  return (
    t.end.emotions[e] >= present &&
    t.end.emotions[e] - t.start.emotions[e] >= shift &&
    slope(t.vectors, (v) => v.emotions[e]) > 0
  );
}

const RULES: Record<SessionPattern, (t: Trajectory) => boolean> = {
  "anxious-to-calm": (t) =>
    transition(t, "anxiety", (x) => x.end.emotions.calm >= x.start.emotions.calm + 0.1 || x.end.valence >= x.start.valence + 0.2),
  "confused-to-clear": (t) => transition(t, "confusion", (x) => x.end.valence >= x.start.valence),
  "frustrated-to-satisfied": (t) => transition(t, "frustration", (x) => x.end.valence > 0),
  "sad-to-uplifted": (t) => transition(t, "sadness", (x) => x.end.valence >= x.start.valence + 0.3),
  "rising-frustration": (t) => rising(t, "frustration"),
  "rising-anxiety": (t) => rising(t, "anxiety"),
  "escalating-anger": (t) => rising(t, "anger"),
  "improving-mood": (t) => t.end.valence - t.start.valence >= PATTERN_THRESHOLDS.moodShift,
  "declining-mood": (t) => t.start.valence - t.end.valence >= PATTERN_THRESHOLDS.moodShift,
  "steady-calm": (t) =>
    isSteady(t) &&
    meanVector(t.vectors).emotions.calm >= 0.15 &&
    t.vectors.every((v) => v.valence >= -0.1 && v.arousal <= 0.5),
  "steady-neutral": (t) =>
    isSteady(t) && t.vectors.every((v) => Math.abs(v.valence) < 0.2 && Object.values(v.emotions).every((x) => x < 0.2)),
  "volatile": (t) =>
    t.vectors.length >= 4 &&
    sampleStandardDeviation(t.vectors.map((v) => v.valence)) >= PATTERN_THRESHOLDS.volatileStd &&
    signChanges(t.vectors.map((v) => v.valence)) >= 2,
};

function isSteady(t: Trajectory): boolean {
  return (
    sampleStandardDeviation(t.vectors.map((v) => v.valence)) <= PATTERN_THRESHOLDS.steadyStd &&
    t.vectors.every((v) => NEGATIVE.every((e) => v.emotions[e] < PATTERN_THRESHOLDS.present))
  );
}

/** Sign flips between clearly positive and clearly negative turns. */
function signChanges(values: readonly number[]): number {
  let changes = 0;
  let prev = 0;
  for (const v of values) {
    const s = v > 0.2 ? 1 : v < -0.2 ? -1 : 0;
    if (s !== 0 && prev !== 0 && s !== prev) changes++;
    if (s !== 0) prev = s;
  }
  return changes;
}

/**
 * Patterns of an ordered list of user-turn vectors. Needs at least two turns
 * (a single message has no trajectory). Start/end are the means of the first
 * and last third of the turns, which smooths one-off outliers.
 */
export function detectPatterns(userVectors: readonly EmotionVector[]): SessionPattern[] {
  if (userVectors.length < 2) return [];
  const k = Math.ceil(userVectors.length / 3);
  const trajectory: Trajectory = {
    start: meanVector(userVectors.slice(0, k)),
    end: meanVector(userVectors.slice(-k)),
    vectors: userVectors,
  };
  return SESSION_PATTERNS.filter((p) => RULES[p](trajectory));
}
