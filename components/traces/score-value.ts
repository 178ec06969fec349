// How a score's value reads: numbers as numbers, booleans and categories by their label.

export function scoreValueText(s: { dataType: string; value: number | null; stringValue: string | null }): string {
  return s.dataType === "numeric" ? String(s.value ?? "—") : (s.stringValue ?? String(s.value ?? "—"));
}
