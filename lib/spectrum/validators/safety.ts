// Safety rule: generated insights must never bring up self-harm or suicide.
// Such signals need a dedicated, human-designed flow (resources, escalation),
// never a casual line in an analytics summary, so any mention is rejected.
import { result, runPatternRules, type PatternRule, type ValidationResult } from "./types";

const SELF = String.raw`(?:yourself|himself|herself|themselves|themself|myself|oneself)`;

export const SAFETY_RULES: readonly PatternRule[] = [
  {
    rule: "safety.self-harm",
    message: "Mentions self-harm or suicide; this must go through the dedicated safety flow, not an insight.",
    pattern: new RegExp(
      String.raw`\b(?:suicid\w*|self[-\s]?harm\w*|self[-\s]?injur\w*|(?:kill|hurt|harm|cut|hang|injure|starve|poison)(?:s|ing|ed)?\s+${SELF}(?!\s+(?:some\s+)?slack)|end(?:s|ing)?\s+(?:your|his|her|their|my|one's)\s+(?:own\s+)?life|tak(?:e|es|ing)\s+(?:your|his|her|their|my|one's)\s+own\s+life|overdos\w*|(?:wants?|wanted|wanting)\s+to\s+die|better\s+off\s+dead|not\s+worth\s+living|no\s+reason\s+to\s+live|life\s+(?:is\s+)?not\s+worth|slit\w*\s+(?:wrists?|throat)|jump(?:s|ing|ed)?\s+off\s+(?:a|the)\s+(?:bridge|building|roof))\b`,
      "gi",
    ),
  },
];

export function validateSafety(text: string): ValidationResult {
  return result(runPatternRules(text, SAFETY_RULES));
}
