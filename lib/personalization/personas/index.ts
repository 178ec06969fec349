/**
 * Persona suggestions for one user and message (POST /api/v1/personas/suggest): the project's persona signals
 * (satisfaction, hours and retention from the persona report's inputs, and a text model of the messages each persona
 * satisfied, over the last 60 days, past hot retention too) are computed once per project and kept 10 minutes; per
 * request only the user's ratings per persona (both tiers) are read and the message is scored. The signal weights are
 * the project's adopted refit from feedback (./refit.ts) or the requirements' prior. A suggestion served through the API is stored with an id, so the
 * product can say which persona it accepted (POST /api/v1/personas/suggest/feedback), which the refit learns from.
 * The static affinity table (./fallback.ts, the project's own or the shipped one) stands in for the text model when
 * there is none, and for everything when the project has no persona data at all.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { personaInputs } from "@/lib/insights/store/personas";
import { warmPersonaWindow } from "@/lib/insights/store/warm-persona-window";
import { localSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import { personaDimension } from "@/lib/users/store/profile-inputs";
import { ratedMessages, userPersonaRatings } from "../store/persona-signals";
import { adoptedWeightFit, insertSuggestion } from "../store/persona-feedback";
import { SIGNAL_WEIGHTS, suggestPersonas, type PersonaStats, type Signal, type SuggestResult } from "./suggest";
import { messageTokens, personaPosterior, trainTextModel, type TextModel } from "./text-model";
import { fallbackAffinity, fallbackReason, type FallbackAffinity } from "./fallback";
import { effectivePersonaFallback, projectPersonalizationSettings } from "../settings";

const DAY = 86_400_000;
const WINDOW_DAYS = 60;
/** Satisfied conversations the text model needs, over at least two personas, before its fit counts. */
export const MIN_FIT_EXAMPLES = 20;
const TRAINING_LIMIT = 5_000;

/** The weights suggestions are scored with, and where they come from. */
export type PersonaWeights = { values: Record<Signal, number>; source: "prior" } | { values: Record<Signal, number>; source: "refit"; fittedAt: string; examples: number };

interface ProjectSignals {
  dimension: string;
  personas: PersonaStats[];
  model: TextModel | null;
  weights: PersonaWeights;
}

const cache = createTtlCache<ProjectSignals>({ name: "persona-signals", ttlMs: 10 * 60_000, max: 1_000 });

function tokensOf(text: string): string[] {
  return messageTokens(text, localSentimentAnalyzer().analyzeOne(text).detected);
}

async function projectSignals(db: Db, projectId: string, now: Date): Promise<ProjectSignals> {
  const cached = cache.get(projectId);
  if (cached) return cached;
  const window = { from: new Date(now.getTime() - WINDOW_DAYS * DAY), to: now };
  const [dimension, warm] = await Promise.all([personaDimension(db, projectId), warmPersonaWindow(db, projectId, window, now)]);
  const [inputs, rated, fitted] = await Promise.all([
    personaInputs(db, projectId, window, now, warm),
    ratedMessages(db, projectId, dimension, window, TRAINING_LIMIT, warm),
    adoptedWeightFit(db, projectId),
  ]);
  const byPersona = new Map<string, PersonaStats>();
  const entry = (persona: string) => {
    let s = byPersona.get(persona);
    if (!s) byPersona.set(persona, (s = { persona, traces: 0, rated: 0, satisfied: 0, hourTraces: new Array(24).fill(0), eligible: 0, returned: 0 }));
    return s;
  };
  for (const h of inputs.hours) {
    const s = entry(h.persona);
    s.traces += h.traces;
    s.rated += h.rated;
    s.satisfied += h.satisfied;
    s.hourTraces[h.hour] += h.traces;
  }
  for (const r of inputs.retention) Object.assign(entry(r.persona), { eligible: r.eligible, returned: r.returned });
  const examples = rated.filter((r) => r.satisfied).map((r) => ({ persona: r.persona, tokens: tokensOf(r.text) }));
  const model = examples.length >= MIN_FIT_EXAMPLES && new Set(examples.map((e) => e.persona)).size >= 2 ? trainTextModel(examples) : null;
  const weights: PersonaWeights = fitted
    ? { values: fitted.weights as Record<Signal, number>, source: "refit", fittedAt: fitted.fittedAt.toISOString(), examples: fitted.examples }
    : { values: { ...SIGNAL_WEIGHTS }, source: "prior" };
  const signals = { dimension, personas: [...byPersona.values()], model, weights };
  cache.set(projectId, signals, { tags: [projectId] });
  return signals;
}

export interface SuggestRequest {
  userId?: string;
  text: string;
  /** UTC hour of the conversation (default: now's). */
  hour?: number;
}

/** Drops a project's cached signals (after a refit, so the new weights apply at once on this instance). */
export function forgetPersonaSignals(projectId: string) {
  return cache.invalidateTag(projectId);
}

export interface PersonaSuggestions extends SuggestResult {
  /** "fallback": no persona data in the project, the suggestions are the static affinity table's alone. */
  source: "signals" | "fallback";
  /** Where the fit-to-this-message signal came from (null: neither the text model nor the table had it). */
  fit: "model" | "fallback" | null;
  /** The affinity table consulted, when it was: the project's own or the shipped one. */
  fallbackTable?: "project" | "shipped";
  trainedOn: number;
  weights: PersonaWeights;
  /** With `log`: the id to send back with the accepted persona (null when nothing was suggested). */
  suggestionId?: string | null;
}

/** The table's top 3 personas for the message, scored by their affinity: a project with no persona data at all. */
function tableSuggestions(affinity: FallbackAffinity): SuggestResult {
  const suggestions = [...affinity.affinity]
    .filter(([, a]) => a > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([persona, a]) => ({ persona, score: Math.round(a * 1000) / 1000, signals: { history: null, fit: a, timeOfDay: null, engagement: null }, reasons: [fallbackReason(a, affinity.basis)] }));
  return { suggestions, missing: ["no persona has answered any traces yet"] };
}

/** With `log` (the API), a non-empty suggestion is stored for feedback; the dashboard's previews are not. */
export async function suggestPersonasFor(db: Db, projectId: string, req: SuggestRequest, now = new Date(), o: { log?: boolean } = {}): Promise<PersonaSuggestions> {
  const signals = await projectSignals(db, projectId, now);
  const detected = localSentimentAnalyzer().analyzeOne(req.text).detected;
  const hour = req.hour ?? now.getUTCHours();
  const hasPersonas = signals.personas.some((p) => p.traces > 0);
  // The table is read only when a learned signal is missing.
  const table = hasPersonas && signals.model ? null : effectivePersonaFallback(await projectPersonalizationSettings(db, projectId));
  const affinity = table ? fallbackAffinity(table.table, detected) : null;
  let out: PersonaSuggestions;
  if (!hasPersonas) {
    out = { ...tableSuggestions(affinity!), source: "fallback", fit: "fallback", fallbackTable: table!.source, trainedOn: 0, weights: signals.weights };
  } else {
    const user = req.userId ? await userPersonaRatings(db, projectId, req.userId, signals.dimension, now) : null;
    const candidates = new Set(signals.personas.map((p) => p.persona));
    // The table's fit only counts when it names a persona the project has.
    const tableFit = affinity && [...affinity.affinity.keys()].some((p) => candidates.has(p)) ? affinity : null;
    const fit = signals.model ? personaPosterior(signals.model, messageTokens(req.text, detected)) : (tableFit?.affinity ?? null);
    const result = suggestPersonas({
      personas: signals.personas,
      user,
      fit,
      fitSource: !signals.model && tableFit ? { kind: "fallback", basis: tableFit.basis } : { kind: "model" },
      hour,
      weights: signals.weights.values,
    });
    out = {
      ...result,
      source: "signals",
      fit: signals.model ? "model" : tableFit ? "fallback" : null,
      ...(table ? { fallbackTable: table.source } : {}),
      trainedOn: signals.model?.examples ?? 0,
      weights: signals.weights,
    };
  }
  if (!o.log) return out;
  const suggestionId = out.suggestions.length ? randomUUID() : null;
  if (suggestionId) {
    await insertSuggestion(db, {
      projectId,
      id: suggestionId,
      userId: req.userId ?? null,
      createdAt: now,
      hour,
      suggestions: out.suggestions.map((s) => ({ persona: s.persona, score: s.score, signals: s.signals })),
      weights: signals.weights.values,
    });
  }
  return { ...out, suggestionId };
}
