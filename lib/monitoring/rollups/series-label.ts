/**
 * How a rollup series is named to people: "model gpt-4o", "environment prod", "cohort Power users" (cohort series
 * are keyed by the cohort's id, which survives a rename; its current name is shown, or "(deleted cohort)").
 */
export function seriesLabel(dimension: string, value: string, cohortNames: ReadonlyMap<string, string>): string {
  if (dimension === "all") return "all";
  if (dimension === "cohort") return `cohort ${cohortNames.get(value) ?? "(deleted cohort)"}`;
  return `${dimension} ${value}`;
}
