// Evidence keys are the rules' field names (`negativeShareAfterFailure`, `helpfulness.diffLow90`); people read words.

const WORDS: Record<string, string> = { p: "p", n: "n", usd: "USD", ci: "CI", id: "id" };

function words(camel: string): string {
  const parts = camel
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  return parts.join(" ").replace(/^p value$/, "p-value").replace(/ p value$/, " p-value");
}

/** "negativeShareAfterFailure" → "Negative share after failure"; "helpfulness.diffLow90" → "helpfulness: diff low 90". */
export function evidenceLabel(key: string): string {
  const dot = key.indexOf(".");
  if (dot > 0) return `${key.slice(0, dot)}: ${words(key.slice(dot + 1))}`;
  const w = words(key);
  // "p-value" stays lower case: a capital P is a probability, not the statistic.
  return w.startsWith("p-value") ? w : w.charAt(0).toUpperCase() + w.slice(1);
}
