// Tone rules for generated insight text: supportive and non-clinical. Spectrum
// describes moods in everyday words; it never diagnoses, prescribes, commands
// harshly or blames. Patterns are intentionally broad: a rejected insight is
// simply regenerated, while a clinical-sounding one that slips through harms trust.
import { result, runPatternRules, type PatternRule, type ValidationResult } from "./types";

const SUBJECT = String.raw`(?:you|the user|they|he|she|this person)`;

export const TONE_RULES: readonly PatternRule[] = [
  {
    rule: "tone.clinical-label",
    message: "Uses a clinical or diagnostic label; describe the mood in everyday words instead.",
    pattern: new RegExp(
      String.raw`\b(?:depression|depressive|depressed|(?:anxiety|panic|mood|personality|eating|bipolar|stress)\s+disorders?|disorders?|bipolar|mania|manic|ptsd|ocd|adhd|autis\w*|schizo\w*|psychos[ie]s|psychotic|borderline|narcissis\w*|sociopath\w*|psychopath\w*|mental(?:ly)?\s+ill(?:ness)?|neurotic|hypochondria\w*|trauma(?:tized|tised|tic)?|panic\s+attacks?|anxiety\s+attacks?|clinical(?:ly)?\s+\w+|obsessive.compulsive|dysthymi\w*|anhedonia)\b`,
      "gi",
    ),
  },
  {
    rule: "tone.diagnosis",
    message: "Reads as a diagnosis; insights describe observed moods, not conditions.",
    pattern: new RegExp(
      String.raw`\b(?:diagnos\w*|symptoms?|syndromes?|patholog\w*|prognosis|${SUBJECT}\s+(?:(?:are|is|seem to be|may be)\s+)?suffer(?:s|ing)?\s+from|${SUBJECT}\s+(?:have|has|might have|may have)\s+(?:a|an)\s+(?:\w+\s+)?(?:condition|illness|disease))\b`,
      "gi",
    ),
  },
  {
    rule: "tone.medication",
    message: "Gives medication or treatment advice; insights must never prescribe.",
    pattern: new RegExp(
      String.raw`\b(?:(?:you|they)\s+should\s+take(?!\s+(?:a\s+(?:short\s+)?(?:break|walk|moment|breather|pause|rest)|some\s+time|time|it\s+easy|a\s+step\s+back))|medicat\w*|prescri\w*|antidepressants?|anti-anxiety|ssris?|benzodiazepines?|sedatives?|sleeping\s+pills?|pills?|meds|dosages?|\d+\s?mg|xanax|valium|prozac|zoloft|lexapro|sertraline|melatonin|therapy\s+(?:is|would be)\s+(?:needed|required))\b`,
      "gi",
    ),
  },
  {
    rule: "tone.harsh-imperative",
    message: "Harsh or dismissive command; suggest gently instead of ordering.",
    pattern: new RegExp(
      String.raw`\b(?:stop\s+(?:complaining|whining|being|overreacting|overthinking|worrying|panicking|crying|it)|calm\s+down|get\s+over\s+it|grow\s+up|man\s+up|toughen\s+up|snap\s+out\s+of\s+it|deal\s+with\s+it|get\s+a\s+grip|pull\s+yourself\s+together|just\s+(?:relax|cheer\s+up|be\s+happy|move\s+on)|you\s+(?:must|have\s+to|need\s+to)\s+(?:stop|change|fix|quit)|quit\s+(?:complaining|whining)|shut\s+up)\b`,
      "gi",
    ),
  },
  {
    rule: "tone.blame",
    message: "Blames or judges the user; insights stay neutral and kind.",
    pattern: new RegExp(
      String.raw`(?:\b(?:(?:it'?s|it\s+is|this\s+is|that'?s|that\s+is)\s+(?:all\s+)?(?:your|their)\s+(?:own\s+)?fault|have\s+(?:only\s+)?(?:yourself|themselves)\s+to\s+blame|(?:you're|you\s+are|they\s+are)\s+to\s+blame|because\s+of\s+you\b|you\s+caused|you\s+(?:always|never)\s+(?:complain|whine|listen|learn|overreact|mess|blame|follow|think\s+about\s+yourself)\w*|(?:you're|you\s+are)\s+(?:being\s+)?(?:too\s+|so\s+)?(?:sensitive|dramatic|lazy|weak|irrational|hysterical|needy|childish|overreacting|difficult|unreasonable)|you\s+(?:failed|messed\s+up|screwed\s+up)|your\s+(?:own\s+)?(?:mistake|failure)|you\s+should\s+have\s+known|what\s+did\s+you\s+expect)\b|(?<!(?:don't|do\s+not|never|no\s+need\s+to|not)\s+)\bblame\s+(?:yourself|themselves)\b)`,
      "gi",
    ),
  },
];

export function validateTone(text: string): ValidationResult {
  return result(runPatternRules(text, TONE_RULES));
}
