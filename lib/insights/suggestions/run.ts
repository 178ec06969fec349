// One project's suggestion pass: read the aggregates, run every rule, store the findings by key.
import type { Db } from "@/db/client";
import { saveSuggestions } from "../store/suggestions";
import { suggestionInputs } from "./inputs";
import { SUGGESTION_RULES } from "./rules";
import type { Suggestion } from "./types";

export async function runSuggestions(db: Db, projectId: string, now: Date) {
  const inputs = await suggestionInputs(db, projectId, now);
  const found: Suggestion[] = SUGGESTION_RULES.flatMap((rule) => rule(inputs));
  const saved = await saveSuggestions(db, projectId, found, now);
  return { projectId, found: found.length, byRule: Object.fromEntries(found.map((s) => [s.rule, found.filter((f) => f.rule === s.rule).length])), ...saved };
}
