// The preference profile of one end user, pure: computed by the profile job (lib/users/store/profiles.ts) from
// per-user aggregates of traces, scores, events and feedback. Everything here is derived from stored rows; a user with
// no traces has no persona and an engagement score from their events alone.

/** Per-user aggregates the store reads (see lib/users/store/profile-inputs.ts). */
export interface ProfileInputs {
  userId: string;
  lastSeenAt: Date | null;
  eventCount: number;
  sessionCount: number;
  traceCount: number;
  costUsd: number;
  /** Per persona (trace dimension value, else trace name): traces and the sum/count of satisfaction scores. */
  personas: { persona: string; traces: number; scoreSum: number; scored: number }[];
  /** Trace tags (response style) and trace names (intent), with counts. */
  tags: { value: string; count: number }[];
  names: { value: string; count: number }[];
  /** Activity (events + traces) per UTC hour of day, 24 entries. */
  hours: number[];
  feedback: { thumbsUp: number; thumbsDown: number; ratings: number; ratingSum: number; comments: number };
  /** Last 30 days before `now`: distinct active days, actions (events + traces) and feedback given. */
  recent: { activeDays: number; actions: number; feedback: number };
}

export interface Share {
  value: string;
  count: number;
  share: number;
}

export interface PreferenceProfile {
  preferredPersona: { persona: string; basis: "satisfaction" | "usage" } | null;
  personas: { persona: string; traces: number; satisfaction: number | null; scored: number }[];
  responseStyles: Share[];
  intents: Share[];
  activeHours: number[];
  /** The UTC hour with most activity, or null without activity. */
  peakHour: number | null;
  feedback: { thumbsUp: number; thumbsDown: number; ratings: number; meanRating: number | null; comments: number };
  engagement: { score: number; parts: { activeDays: number; volume: number; recency: number; feedback: number } };
}

/** A persona's satisfaction counts for preference only with this many scored traces. */
export const MIN_SCORED_FOR_PREFERENCE = 3;
const TOP = 8;
const DAY = 86_400_000;

function shares(rows: { value: string; count: number }[]): Share[] {
  const total = rows.reduce((n, r) => n + r.count, 0);
  return [...rows]
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, TOP)
    .map((r) => ({ value: r.value, count: r.count, share: total ? r.count / total : 0 }));
}

/**
 * Engagement score, 0–100, the sum of four capped parts over the 30 days before `now`:
 *   active days   40 × min(activeDays / 20, 1)            (20 of 30 days active is full marks)
 *   volume        30 × min(log10(1 + actions) / 2, 1)      (events + traces; 99 actions is full marks)
 *   recency       20 × max(0, 1 − daysSinceLastSeen / 30)  (seen today: 20; not for 30 days: 0)
 *   feedback      10 × min(feedbackGiven / 3, 1)           (thumbs, ratings or comments; 3 is full marks)
 * Rounded to an integer. The README repeats this formula.
 */
export function engagementScore(inputs: Pick<ProfileInputs, "recent" | "lastSeenAt">, now: Date): PreferenceProfile["engagement"] {
  const activeDays = 40 * Math.min(inputs.recent.activeDays / 20, 1);
  const volume = 30 * Math.min(Math.log10(1 + inputs.recent.actions) / 2, 1);
  const daysSince = inputs.lastSeenAt ? Math.max(0, (now.getTime() - inputs.lastSeenAt.getTime()) / DAY) : Infinity;
  const recency = 20 * Math.max(0, 1 - daysSince / 30);
  const feedback = 10 * Math.min(inputs.recent.feedback / 3, 1);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    score: Math.round(activeDays + volume + recency + feedback),
    parts: { activeDays: round1(activeDays), volume: round1(volume), recency: round1(recency), feedback: round1(feedback) },
  };
}

/**
 * The preferred persona: among personas with at least MIN_SCORED_FOR_PREFERENCE scored traces, the one with the
 * highest mean satisfaction (basis "satisfaction"); without such evidence, the most used one (basis "usage").
 */
export function preferredPersona(personas: PreferenceProfile["personas"]): PreferenceProfile["preferredPersona"] {
  const evidenced = personas.filter((p) => p.scored >= MIN_SCORED_FOR_PREFERENCE && p.satisfaction !== null);
  if (evidenced.length > 0) {
    const best = evidenced.reduce((a, b) => (b.satisfaction! > a.satisfaction! || (b.satisfaction === a.satisfaction && b.traces > a.traces) ? b : a));
    return { persona: best.persona, basis: "satisfaction" };
  }
  const used = personas.filter((p) => p.traces > 0);
  if (used.length === 0) return null;
  const most = used.reduce((a, b) => (b.traces > a.traces ? b : a));
  return { persona: most.persona, basis: "usage" };
}

export function computeProfile(inputs: ProfileInputs, now: Date): PreferenceProfile {
  const personas = [...inputs.personas]
    .sort((a, b) => b.traces - a.traces || a.persona.localeCompare(b.persona))
    .map((p) => ({ persona: p.persona, traces: p.traces, satisfaction: p.scored ? p.scoreSum / p.scored : null, scored: p.scored }));
  const peak = inputs.hours.reduce((best, n, h) => (n > (best === null ? 0 : inputs.hours[best]) ? h : best), null as number | null);
  const f = inputs.feedback;
  return {
    preferredPersona: preferredPersona(personas),
    personas,
    responseStyles: shares(inputs.tags),
    intents: shares(inputs.names),
    activeHours: inputs.hours,
    peakHour: peak,
    feedback: { thumbsUp: f.thumbsUp, thumbsDown: f.thumbsDown, ratings: f.ratings, meanRating: f.ratings ? f.ratingSum / f.ratings : null, comments: f.comments },
    engagement: engagementScore(inputs, now),
  };
}
