// The trace list's optional columns: which ones a person hid is URL state (`?hide=input,tags`), so a view can be
// shared and saved like any filter. Time and name always show: a row needs them to mean anything.

export const TRACE_LIST_COLUMNS = [
  { id: "user", label: "User" },
  { id: "session", label: "Session" },
  { id: "level", label: "Level" },
  { id: "latency", label: "Latency" },
  { id: "tokens", label: "Tokens" },
  { id: "cost", label: "Cost" },
  { id: "input", label: "Input" },
  { id: "output", label: "Output" },
  { id: "tags", label: "Tags" },
] as const;

export type TraceListColumn = (typeof TRACE_LIST_COLUMNS)[number]["id"];

const IDS = new Set<string>(TRACE_LIST_COLUMNS.map((c) => c.id));

/** The hidden columns named in `?hide=` (comma-separated); unknown names are ignored. */
export function hiddenColumns(raw: string | undefined): Set<TraceListColumn> {
  return new Set((raw ?? "").split(",").map((s) => s.trim()).filter((s): s is TraceListColumn => IDS.has(s)));
}

/** The `hide` value for a set of hidden columns, in the list's order ("" when every column shows). */
export function hideParam(hidden: Set<TraceListColumn>): string {
  return TRACE_LIST_COLUMNS.filter((c) => hidden.has(c.id)).map((c) => c.id).join(",");
}
