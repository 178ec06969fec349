/**
 * Persona suggestions for one user and message (POST /api/v1/personas/suggest): the project's persona signals
 * (satisfaction, hours and retention from the persona report's inputs, and a text model of the messages each persona
 * satisfied, over the last 60 days) are computed once per project and kept 10 minutes; per request only the user's
 * ratings per persona are read and the message is scored.
 */
import type { Db } from "@/db/client";
import { createTtlCache } from "@/lib/cache/ttl-cache";
import { personaInputs } from "@/lib/insights/store/personas";
import { localSentimentAnalyzer } from "@/lib/sentiment/local-analyzer";
import { personaDimension } from "@/lib/users/store/profile-inputs";
import { ratedMessages, userPersonaRatings } from "../store/persona-signals";
import { suggestPersonas, type PersonaStats, type SuggestResult } from "./suggest";
import { messageTokens, personaPosterior, trainTextModel, type TextModel } from "./text-model";

const DAY = 86_400_000;
const WINDOW_DAYS = 60;
/** Satisfied conversations the text model needs, over at least two personas, before its fit counts. */
export const MIN_FIT_EXAMPLES = 20;
const TRAINING_LIMIT = 5_000;

interface ProjectSignals {
  dimension: string;
  personas: PersonaStats[];
  model: TextModel | null;
}

const cache = createTtlCache<ProjectSignals>({ name: "persona-signals", ttlMs: 10 * 60_000, max: 1_000 });

function tokensOf(text: string): string[] {
  return messageTokens(text, localSentimentAnalyzer().analyzeOne(text).detected);
}

async function projectSignals(db: Db, projectId: string, now: Date): Promise<ProjectSignals> {
  const cached = cache.get(projectId);
  if (cached) return cached;
  const window = { from: new Date(now.getTime() - WINDOW_DAYS * DAY), to: now };
  const dimension = await personaDimension(db, projectId);
  const [inputs, rated] = await Promise.all([personaInputs(db, projectId, window), ratedMessages(db, projectId, dimension, window, TRAINING_LIMIT)]);
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
  const signals = { dimension, personas: [...byPersona.values()], model };
  cache.set(projectId, signals, { tags: [projectId] });
  return signals;
}

export interface SuggestRequest {
  userId?: string;
  text: string;
  /** UTC hour of the conversation (default: now's). */
  hour?: number;
}

export async function suggestPersonasFor(db: Db, projectId: string, req: SuggestRequest, now = new Date()): Promise<SuggestResult & { trainedOn: number }> {
  const signals = await projectSignals(db, projectId, now);
  const user = req.userId ? await userPersonaRatings(db, projectId, req.userId, signals.dimension) : null;
  const fit = signals.model ? personaPosterior(signals.model, tokensOf(req.text)) : null;
  const result = suggestPersonas({ personas: signals.personas, user, fit, hour: req.hour ?? now.getUTCHours() });
  return { ...result, trainedOn: signals.model?.examples ?? 0 };
}
