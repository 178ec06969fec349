// Plain words for a conversation's overall tone (mean valence, -1..1) and its change, for people rather than analysts:
// the member page, the monthly panel and the insight templates say "mostly positive, a little brighter than last
// month", never "0.25 (+0.09)".

export function toneWord(valence: number): string {
  return valence > 0.15 ? "mostly positive" : valence < -0.15 ? "on the heavier side" : "fairly even";
}

/** The change in tone against the previous period; null when there is nothing to compare against. */
export function toneShiftWords(delta: number | null): string {
  if (delta === null) return "with nothing to compare against";
  if (Math.abs(delta) < 0.05) return "about the same";
  if (delta > 0) return delta >= 0.2 ? "clearly brighter" : "a little brighter";
  return delta <= -0.2 ? "clearly heavier" : "a little heavier";
}
