// Which suggested persona the product went with (POST /api/v1/personas/suggest/feedback), and the weekly refit of the
// signal weights from those answers (pure fit in ./refit.ts).
import { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { acceptedSuggestions, findSuggestion, insertWeightFit, setSuggestionFeedback, type SuggestionRow } from "../store/persona-feedback";
import { forgetPersonaSignals } from "./index";
import { refitWeights, SIGNALS, type ChoiceExample, type RefitResult } from "./refit";

export const suggestionFeedbackSchema = z.object({
  suggestionId: z.uuid({ error: "suggestionId must be the id a persona suggestion returned" }),
  persona: z.string().trim().min(1, "persona is required").max(200),
  /** The user's rating of the accepted persona's answer, 1..5 (4 and 5 count as rated well). */
  rating: z.number().min(1).max(5).optional(),
});

export async function recordSuggestionFeedback(db: Db, projectId: string, body: z.output<typeof suggestionFeedbackSchema>, now = new Date()) {
  const row = await findSuggestion(db, projectId, body.suggestionId);
  if (!row) throw new AppError("not_found", `No persona suggestion ${body.suggestionId}`);
  const shown = row.suggestions.map((s) => s.persona);
  if (!shown.includes(body.persona)) {
    throw new AppError("unprocessable", `persona "${body.persona}" was not among the suggestions (${shown.join(", ")})`, { field: "persona" });
  }
  await setSuggestionFeedback(db, projectId, row.id, { persona: body.persona, rating: body.rating ?? null, at: now });
  return { suggestionId: row.id, persona: body.persona, rating: body.rating ?? null };
}

/** Feedback the refit reads: the last 90 days. */
export const REFIT_WINDOW_DAYS = 90;
/** A rating below this of the accepted persona's answer means the choice did not work out: not a positive example. */
const RATED_WELL = 4;

/** The choice examples of accepted suggestions (oldest first); ones rated poorly are left out. */
export function choiceExamples(rows: readonly Pick<SuggestionRow, "suggestions" | "acceptedPersona" | "rating">[]): ChoiceExample[] {
  const out: ChoiceExample[] = [];
  for (const r of rows) {
    if (r.rating !== null && r.rating < RATED_WELL) continue;
    const chosen = r.suggestions.findIndex((s) => s.persona === r.acceptedPersona);
    if (chosen < 0 || r.suggestions.length < 2) continue;
    out.push({ candidates: r.suggestions.map((s) => SIGNALS.map((k) => s.signals[k] ?? 0)), chosen });
  }
  return out;
}

export type RefitOutcome = ({ stored: true; fitId: string } & RefitResult) | { stored: false; examples: number; reason: string };

/** Refits one project's weights; every fit is stored, and the adopted ones are used from now on. */
export async function refitProjectWeights(db: Db, projectId: string, now = new Date()): Promise<RefitOutcome> {
  const rows = await acceptedSuggestions(db, projectId, new Date(now.getTime() - REFIT_WINDOW_DAYS * 86_400_000));
  const examples = choiceExamples(rows);
  const result = refitWeights(examples);
  if (!result) return { stored: false, examples: examples.length, reason: "too few accepted suggestions to refit; the weights stay as they are" };
  const fit = await insertWeightFit(db, { projectId, fittedAt: now, weights: result.weights, prior: result.prior, examples: result.examples, evaluation: result.evaluation, adopted: result.adopted });
  if (result.adopted) await forgetPersonaSignals(projectId);
  return { stored: true, fitId: fit.id, ...result };
}
