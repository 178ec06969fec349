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

const fmt = (x: number) => (Math.round(x * 10) / 10).toString();
const days = (x: number) => `${Math.round(x)} ${Math.round(x) === 1 ? "day" : "days"}`;
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The model's features: name, label shown as a reason, the raw quantity in words (`show`), and the model's value. */
export const CHURN_FEATURES: { name: string; label: string; show: (u: UserActivity) => string; of: (u: UserActivity) => number }[] = [
  { name: "daysSinceLast", label: "Days since last activity", show: (u) => days(u.daysSinceLast), of: (u) => u.daysSinceLast },
  { name: "recencyLog", label: "Days since last activity (log scale)", show: (u) => days(u.daysSinceLast), of: (u) => log1p(u.daysSinceLast) },
  // The silence in units of the user's own usual gap (28 / active days): 5 quiet days mean little for a weekly user
  // and a lot for a daily one. Recency alone cannot tell those apart.
  { name: "usualGapsSilent", label: "Silence, in the user's usual gaps between active days", show: (u) => `${fmt((u.daysSinceLast * u.activeDays) / LOOKBACK_DAYS)} usual gaps`, of: (u) => (u.daysSinceLast * u.activeDays) / LOOKBACK_DAYS },
  { name: "activeDays", label: "Active days in the last 28", show: (u) => days(u.activeDays), of: (u) => u.activeDays },
  { name: "actions", label: "Actions in the last 28 days", show: (u) => String(u.actions), of: (u) => log1p(u.actions) },
  // The last week's rate against the three weeks before: negative when activity is falling off.
  { name: "frequencyTrend", label: "Activity trend (last week vs the 3 before)", show: (u) => `${u.actionsLast7} in the last week, ${u.actionsPrior21} in the 3 before`, of: (u) => Math.log((u.actionsLast7 + 1) / (u.actionsPrior21 / 3 + 1)) },
  { name: "sessions", label: "Sessions in the last 28 days", show: (u) => String(u.sessions), of: (u) => log1p(u.sessions) },
  { name: "errors", label: "Errors met in the last 28 days", show: (u) => String(u.errors), of: (u) => log1p(u.errors) },
  { name: "errorShare", label: "Share of actions that failed", show: (u) => pct(u.actions ? u.errors / u.actions : 0), of: (u) => (u.actions ? u.errors / u.actions : 0) },
  { name: "thumbsDown", label: "Thumbs-down given", show: (u) => String(u.thumbsDown), of: (u) => log1p(u.thumbsDown) },
  { name: "thumbsUp", label: "Thumbs-up given", show: (u) => String(u.thumbsUp), of: (u) => log1p(u.thumbsUp) },
  { name: "lowRatingShare", label: "Share of their ratings that were low (≤ 2)", show: (u) => pct(u.ratings ? u.lowRatings / u.ratings : 0), of: (u) => (u.ratings ? u.lowRatings / u.ratings : 0) },
  { name: "sentiment", label: "Average sentiment of their messages", show: (u) => (u.sentiment === null || u.sentiment === undefined ? "none analysed" : fmt(u.sentiment)), of: (u) => u.sentiment ?? 0 },
  { name: "costUsd", label: "LLM cost in the last 28 days", show: (u) => `$${u.costUsd.toFixed(2)}`, of: (u) => log1p(u.costUsd) },
  { name: "paidPlan", label: "On a paid plan", show: (u) => (u.plan && !["free", "unknown", "trial"].includes(u.plan.toLowerCase()) ? `yes (${u.plan})` : `no (${u.plan ?? "no plan"})`), of: (u) => (u.plan && !["free", "unknown", "trial"].includes(u.plan.toLowerCase()) ? 1 : 0) },
  { name: "tenureDays", label: "Tenure", show: (u) => days(u.tenureDays), of: (u) => log1p(u.tenureDays) },
  { name: "spectrumSessions", label: "Spectrum sessions", show: (u) => String(u.spectrumSessions), of: (u) => log1p(u.spectrumSessions) },
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
