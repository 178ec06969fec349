// Display formats shared by the traces list and the TraceView (no React).

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** USD with enough digits that small LLM costs are not shown as $0.00. */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined) return "—";
  if (usd === 0) return "$0";
  if (usd < 0.01) return `$${usd.toFixed(6)}`;
  return `$${usd.toFixed(4)}`;
}

export function formatTokens(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  return n.toLocaleString("en-US");
}

export function formatTimestamp(value: string | Date): string {
  return new Date(value).toISOString().replace("T", " ").slice(0, 23) + " UTC";
}

export const levelBadge: Record<string, string> = {
  ERROR: "badge badge-danger",
  WARNING: "badge badge-warn",
  DEFAULT: "badge",
  DEBUG: "badge",
};
