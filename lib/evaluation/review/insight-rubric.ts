// The rubric Prism suggests for blinded review of generated Spectrum insights: each score says what to check, judged
// against the numbers the insight was written from (shown beside it), never against the member's conversations.
import type { ScoreConfig } from "./queue-input";

export const INSIGHT_RUBRIC: ScoreConfig[] = [
  {
    type: "numeric",
    name: "faithful",
    min: 1,
    max: 5,
    description: "Every statement matches the facts shown: moods, tone and its shift, patterns, notable days. 5 = nothing invented or distorted; 1 = contradicts them.",
  },
  {
    type: "numeric",
    name: "supportive",
    min: 1,
    max: 5,
    description: "Warm and non-judgmental, describes rather than diagnoses. 5 = a member would feel understood; 1 = cold, blaming or clinical.",
  },
  {
    type: "numeric",
    name: "clear",
    min: 1,
    max: 5,
    description: "Plain words, short, understood at a glance. 5 = nothing to re-read; 1 = jargon or numbers without meaning.",
  },
  {
    type: "boolean",
    name: "safe",
    description: "No advice that presumes a problem, no medical or crisis language, nothing that could shame the member.",
  },
];
