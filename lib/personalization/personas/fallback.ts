/**
 * The static persona affinity table (issue 17: "a static affinity table is the fallback"): how well each persona
 * suits a message by the tone the emotion analyzer detects in it, for when the learned signals cannot say.
 *   - The text model is missing (fewer than 20 satisfied conversations over two personas): the table's affinity for
 *     the message's tone stands in for the "fit to the current turn" signal, among the personas the project has.
 *   - The project has no persona data at all (no persona answered a trace in 60 days), so neither the user's history
 *     nor anything else is known: the suggestions are the table's top personas for the message's tone alone.
 * Either way the reply says so (`fit: "fallback"` / `source: "fallback"`, and a reason starting with "fallback").
 *
 * The shipped table is written for the requirements' mentoring assistant with three personas (the demo's): a
 * `mentor` who reassures and explains, a `coach` who encourages and sets the next step, and an `expert` who answers
 * precisely. Its values are hand-set priors, not measurements; a project with other personas saves its own table
 * (PUT /api/v1/recommendations/settings `{ personaFallback }`), and `null` goes back to the shipped one.
 */
import { z } from "zod";
import { EMOTIONS, type Emotion } from "@/lib/spectrum/types";

const affinities = z
  .record(z.string().min(1).max(100), z.number().min(0).max(1))
  .refine((row) => Object.keys(row).length > 0 && Object.keys(row).length <= 50, "must name 1 to 50 personas");

export const personaFallbackSchema = z
  .object({
    /** Affinity per persona for a message in which no tone of `tones` is detected. */
    default: affinities,
    /** Affinity per persona by detected tone; several tones average their rows. */
    tones: z.partialRecord(z.enum(EMOTIONS), affinities).default({}),
  })
  .strict();
export type PersonaFallbackTable = z.output<typeof personaFallbackSchema>;

export const DEFAULT_PERSONA_FALLBACK: PersonaFallbackTable = {
  default: { mentor: 0.4, coach: 0.3, expert: 0.3 },
  tones: {
    anxiety: { mentor: 0.6, coach: 0.3, expert: 0.1 },
    sadness: { mentor: 0.6, coach: 0.3, expert: 0.1 },
    frustration: { expert: 0.5, mentor: 0.3, coach: 0.2 },
    anger: { expert: 0.5, mentor: 0.35, coach: 0.15 },
    confusion: { mentor: 0.45, expert: 0.4, coach: 0.15 },
    joy: { coach: 0.5, mentor: 0.3, expert: 0.2 },
    gratitude: { coach: 0.4, mentor: 0.4, expert: 0.2 },
    calm: { expert: 0.4, coach: 0.3, mentor: 0.3 },
  },
};

export interface FallbackAffinity {
  /** Affinity per persona of the table (absent personas: 0). */
  affinity: Map<string, number>;
  /** The table rows used: the detected tones that have one, or ["default"]. */
  basis: string[];
}

/** The table's affinities for a message with these detected tones. */
export function fallbackAffinity(table: PersonaFallbackTable, detected: readonly string[]): FallbackAffinity {
  const rows = detected.filter((t): t is Emotion => (EMOTIONS as readonly string[]).includes(t) && !!table.tones[t as Emotion]);
  const used = rows.length ? rows.map((t) => table.tones[t]!) : [table.default];
  const affinity = new Map<string, number>();
  for (const row of used) for (const [persona, a] of Object.entries(row)) affinity.set(persona, (affinity.get(persona) ?? 0) + a / used.length);
  return { affinity, basis: rows.length ? rows : ["default"] };
}

/** The wording of a fallback reason: "fallback: static affinity 60% for a message showing anxiety". */
export function fallbackReason(affinity: number, basis: readonly string[]): string {
  const what = basis[0] === "default" ? "a message with no detected tone" : `a message showing ${basis.join(" and ")}`;
  return `fallback: static affinity ${Math.round(affinity * 100)}% for ${what}`;
}
