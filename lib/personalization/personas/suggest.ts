/**
 * Persona suggestions (issue 17, "AI-powered persona recommendations"): the top personas for one user and one message,
 * each the weighted blend of four signals, every one scaled to [0, 1] by the best candidate's value:
 *   history      0.5  the user's satisfaction with the persona, shrunk towards the persona's project-wide satisfaction
 *                     (a user with few ratings gets mostly the project's view; without a user, the project's);
 *   fit          0.3  P(persona | message) from the text model (words, tone, pace) trained on rated conversations;
 *   time of day  0.2  the persona's share of traces at this UTC hour, smoothed towards its overall share;
 *   engagement   0.1  the share of the persona's main users who came back a week later.
 * The requirements' weights (0.5, 0.3, 0.2, 0.1) sum to 1.1; scores are divided by their sum, so they stay in [0, 1].
 * A signal with no data for any candidate is left out and the others are re-weighted, and the reply says so.
 * Without a text model, `fit` may come from the static affinity table (./fallback.ts): `fitSource: "fallback"`, and
 * each persona's reason for it starts with "fallback".
 */
import { fallbackReason } from "./fallback";

export const SIGNAL_WEIGHTS = { history: 0.5, fit: 0.3, timeOfDay: 0.2, engagement: 0.1 } as const;
export type Signal = keyof typeof SIGNAL_WEIGHTS;

/** Prior strength (in ratings) pulling a user's satisfaction towards the persona's, and a persona's towards the project's. */
const USER_PRIOR = 5;
const PERSONA_PRIOR = 10;
/** Traces pulling an hour's persona share towards the persona's overall share. */
const HOUR_PRIOR = 5;
const RETENTION_PRIOR = 5;

export interface PersonaStats {
  persona: string;
  traces: number;
  rated: number;
  satisfied: number;
  /** Traces per UTC hour, 24 entries. */
  hourTraces: number[];
  /** Main users whose next week is known, and how many of them came back. */
  eligible: number;
  returned: number;
}

export interface UserHistory {
  persona: string;
  /** The user's ratings of this persona's answers (sum of scores in [0, 1]) and how many. */
  scoreSum: number;
  scored: number;
}

export interface SuggestInput {
  personas: PersonaStats[];
  /** Signal weights (default: the requirements' SIGNAL_WEIGHTS; a refit from feedback when adopted). */
  weights?: Record<Signal, number>;
  user: UserHistory[] | null;
  /** P(persona | message), or null when the text model has too few examples. */
  fit: Map<string, number> | null;
  /** Where `fit` comes from: the text model (default) or the static affinity table's rows `basis` (tones or "default"). */
  fitSource?: { kind: "model" } | { kind: "fallback"; basis: string[] };
  hour: number;
  top?: number;
}

export interface PersonaSuggestion {
  persona: string;
  score: number;
  signals: Record<Signal, number | null>;
  reasons: string[];
}

export interface SuggestResult {
  suggestions: PersonaSuggestion[];
  /** Signals left out for lack of data, in words. */
  missing: string[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

export function suggestPersonas({ personas, user, fit, fitSource = { kind: "model" }, hour, top = 3, weights = SIGNAL_WEIGHTS }: SuggestInput): SuggestResult {
  const candidates = personas.filter((p) => p.traces > 0);
  if (candidates.length === 0) return { suggestions: [], missing: ["no persona has answered any traces yet"] };
  const totalRated = candidates.reduce((s, p) => s + p.rated, 0);
  const projectSatisfaction = totalRated > 0 ? candidates.reduce((s, p) => s + p.satisfied, 0) / totalRated : null;
  const totalTraces = candidates.reduce((s, p) => s + p.traces, 0);
  const hourTotal = candidates.reduce((s, p) => s + (p.hourTraces[hour] ?? 0), 0);
  const totalEligible = candidates.reduce((s, p) => s + p.eligible, 0);
  const projectReturn = totalEligible > 0 ? candidates.reduce((s, p) => s + p.returned, 0) / totalEligible : null;

  const raw = candidates.map((p) => {
    const personaSat = projectSatisfaction === null ? null : (p.satisfied + PERSONA_PRIOR * projectSatisfaction) / (p.rated + PERSONA_PRIOR);
    const mine = user?.find((u) => u.persona === p.persona);
    // Without any rating in the project, a user's own ratings are shrunk towards an even 50%.
    const history = personaSat === null && !mine?.scored ? null : ((mine?.scoreSum ?? 0) + USER_PRIOR * (personaSat ?? 0.5)) / ((mine?.scored ?? 0) + USER_PRIOR);
    const share = p.traces / totalTraces;
    const timeOfDay = ((p.hourTraces[hour] ?? 0) + HOUR_PRIOR * share) / (hourTotal + HOUR_PRIOR);
    const engagement = projectReturn === null ? null : (p.returned + RETENTION_PRIOR * projectReturn) / (p.eligible + RETENTION_PRIOR);
    return { p, mine, personaSat, values: { history, fit: fit ? (fit.get(p.persona) ?? 0) : null, timeOfDay, engagement } as Record<Signal, number | null> };
  });

  const signals = Object.keys(SIGNAL_WEIGHTS) as Signal[];
  const best = Object.fromEntries(signals.map((s) => [s, Math.max(0, ...raw.map((r) => r.values[s] ?? 0))])) as Record<Signal, number>;
  const used = signals.filter((s) => raw.some((r) => r.values[s] !== null) && best[s] > 0);
  const weightSum = used.reduce((a, s) => a + weights[s], 0) || 1;
  const missing = signals
    .filter((s) => !used.includes(s))
    .map((s) => ({ history: "no ratings of any persona yet", fit: "too few rated conversations to learn which messages suit which persona", timeOfDay: "no traces to tell the time of day", engagement: "no persona's users have a known next week yet" })[s]);

  const suggestions = raw
    .map(({ p, mine, personaSat, values }) => {
      const scaled = Object.fromEntries(signals.map((s) => [s, used.includes(s) && values[s] !== null ? values[s]! / best[s] : null])) as Record<Signal, number | null>;
      const score = used.reduce((a, s) => a + weights[s] * (scaled[s] ?? 0), 0) / weightSum;
      const reasons: string[] = [];
      if (mine?.scored) reasons.push(`this user rated ${mine.scored} of its answers, ${pct(mine.scoreSum / mine.scored)} satisfied on average`);
      else if (personaSat !== null && p.rated > 0) reasons.push(`${pct(p.satisfied / p.rated)} of its ${p.rated} rated answers satisfied users`);
      if (values.fit !== null && used.includes("fit")) {
        reasons.push(fitSource.kind === "fallback" ? fallbackReason(values.fit, fitSource.basis) : `${pct(values.fit)} likely to suit this message, from conversations like it`);
      }
      if (hourTotal > 0) reasons.push(`${pct((p.hourTraces[hour] ?? 0) / hourTotal)} of traces at ${String(hour).padStart(2, "0")}:00 UTC`);
      if (values.engagement !== null && p.eligible > 0) reasons.push(`${p.returned} of ${p.eligible} of its main users came back a week later`);
      return { persona: p.persona, score: Math.round(score * 1000) / 1000, signals: scaled, reasons };
    })
    .sort((a, b) => b.score - a.score || a.persona.localeCompare(b.persona))
    .slice(0, top);
  return { suggestions, missing };
}
