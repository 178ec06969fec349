// What the churn model sees of an end user as of an instant `asOf`: their history before it (the last 28 days, plus
// tenure and plan), turned into one numeric vector. Counts enter as log(1 + n), so a heavy user does not dominate.

export const LOOKBACK_DAYS = 28;
export const DEFAULT_CHURN_DAYS = 14;
/** The Users list's "high risk" filter: at least even odds of no activity in the next churnDays. */
export const HIGH_CHURN_RISK = 0.5;

/** One user's raw aggregates before `asOf` (lib/insights/store/churn-features.ts), and what happened after. */
export interface UserActivity {
  userId: string;
  daysSinceLast: number;
  activeDays: number;
  /** Events, traces and Spectrum sessions in the lookback window; in its last 7 days; in the 21 before those. */
  actions: number;
  actionsLast7: number;
  actionsPrior21: number;
  sessions: number;
  /** `error` events and traces whose level is ERROR. */
  errors: number;
  /** `feedback` events' thumbs and boolean trace scores sent through the API. */
  thumbsUp: number;
  thumbsDown: number;
  /** Spectrum feedback ratings, and those of at most 2 (on -1..5). */
  ratings: number;
  lowRatings: number;
  /** Mean polarity (-1..1) of their analysed traces; null when none was analysed. */
  sentiment: number | null;
  costUsd: number;
  spectrumSessions: number;
  /** The plan at `asOf` (trait history), null when unknown. */
  plan: string | null;
  tenureDays: number;
  /** Any activity in [asOf, asOf + churnDays): null when that window has not ended yet (labels unknown). */
  activeAfter: boolean | null;
}

const log1p = Math.log1p;

/** The model's features: name, label shown as a reason, and how it is computed. */
export const CHURN_FEATURES: { name: string; label: string; of: (u: UserActivity) => number }[] = [
  { name: "daysSinceLast", label: "Days since last activity", of: (u) => u.daysSinceLast },
  { name: "recencyLog", label: "Days since last activity (log)", of: (u) => log1p(u.daysSinceLast) },
  // The silence in units of the user's own usual gap (28 / active days): 5 quiet days mean little for a weekly user
  // and a lot for a daily one. Recency alone cannot tell those apart.
  { name: "usualGapsSilent", label: "Silence, in the user's usual gaps between active days", of: (u) => (u.daysSinceLast * u.activeDays) / LOOKBACK_DAYS },
  { name: "activeDays", label: "Active days in the last 28", of: (u) => u.activeDays },
  { name: "actions", label: "Actions in the last 28 days (log)", of: (u) => log1p(u.actions) },
  // The last week's rate against the three weeks before: negative when activity is falling off.
  { name: "frequencyTrend", label: "Activity trend (last week vs the 3 before)", of: (u) => Math.log((u.actionsLast7 + 1) / (u.actionsPrior21 / 3 + 1)) },
  { name: "sessions", label: "Sessions in the last 28 days (log)", of: (u) => log1p(u.sessions) },
  { name: "errors", label: "Errors met in the last 28 days (log)", of: (u) => log1p(u.errors) },
  { name: "errorShare", label: "Share of actions that failed", of: (u) => (u.actions ? u.errors / u.actions : 0) },
  { name: "thumbsDown", label: "Thumbs-down given (log)", of: (u) => log1p(u.thumbsDown) },
  { name: "thumbsUp", label: "Thumbs-up given (log)", of: (u) => log1p(u.thumbsUp) },
  { name: "lowRatingShare", label: "Share of their ratings that were low (≤ 2)", of: (u) => (u.ratings ? u.lowRatings / u.ratings : 0) },
  { name: "sentiment", label: "Average sentiment of their messages", of: (u) => u.sentiment ?? 0 },
  { name: "costUsd", label: "LLM cost in the last 28 days (log USD)", of: (u) => log1p(u.costUsd) },
  { name: "paidPlan", label: "On a paid plan", of: (u) => (u.plan && !["free", "unknown", "trial"].includes(u.plan.toLowerCase()) ? 1 : 0) },
  { name: "tenureDays", label: "Tenure (log days)", of: (u) => log1p(u.tenureDays) },
  { name: "spectrumSessions", label: "Spectrum sessions (log)", of: (u) => log1p(u.spectrumSessions) },
];

export const FEATURE_NAMES = CHURN_FEATURES.map((f) => f.name);

export function featureVector(u: UserActivity): number[] {
  return CHURN_FEATURES.map((f) => f.of(u));
}

/** 1 when the user had no activity in the label window; only for users whose window has ended. */
export function churnLabel(u: UserActivity): 0 | 1 {
  if (u.activeAfter === null) throw new Error(`churnLabel: the label window of ${u.userId} has not ended`);
  return u.activeAfter ? 0 : 1;
}
