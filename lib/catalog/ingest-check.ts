// What the contract says about a chunk of ingested events (pure): which are refused (enforce mode) and the per-day,
// per-event counts the Data quality page shows. Unknown names are refused in enforce mode too: a misspelt event
// would otherwise slip past the contract unseen; `warn` is the mode for a catalog that is still incomplete.
import type { CompiledContract } from "./contract";

export interface CheckedEvent {
  id: string;
  name: string;
  /** UTC day of the event's time. */
  day: string;
  known: boolean;
  violations: string[];
  /** The per-item refusal message (enforce mode), or null when the event is stored. */
  refusal: string | null;
}

export interface QualityTally {
  day: string;
  name: string;
  volume: number;
  violations: number;
  refused: number;
  unknown: number;
  /** The newest violation messages first, at most MAX_LAST_VIOLATIONS. */
  lastViolations: string[];
  lastViolationAt: Date | null;
}

export const MAX_LAST_VIOLATIONS = 5;

export function checkEvents(
  contract: CompiledContract,
  items: { id: string; name: string; at: Date; properties: Record<string, unknown> }[],
): CheckedEvent[] {
  return items.map(({ id, name, at, properties }) => {
    const { known, violations } = contract.check(name, properties);
    let refusal: string | null = null;
    if (contract.mode === "enforce" && !known) refusal = `name: "${name}" is not in the project's event catalog (contract mode enforce)`;
    else if (contract.mode === "enforce" && violations.length > 0) refusal = `event "${name}" breaks its contract: ${violations.join("; ")}`;
    return { id, name, day: at.toISOString().slice(0, 10), known, violations, refusal };
  });
}

/** Counts per (day, name): refused items, and of the rest only those actually stored now (a replay counts nothing). */
export function tallyQuality(checked: CheckedEvent[], stored: ReadonlySet<string>, now: Date): QualityTally[] {
  const rows = new Map<string, QualityTally>();
  for (const c of checked) {
    const refused = c.refusal !== null;
    if (!refused && !stored.has(c.id)) continue;
    const key = `${c.day}\u0000${c.name}`;
    const row = rows.get(key) ?? { day: c.day, name: c.name, volume: 0, violations: 0, refused: 0, unknown: 0, lastViolations: [], lastViolationAt: null };
    rows.set(key, row);
    if (refused) row.refused++;
    else row.volume++;
    if (!c.known) row.unknown++;
    if (c.violations.length > 0) {
      row.violations++;
      row.lastViolations = [c.violations.join("; "), ...row.lastViolations].slice(0, MAX_LAST_VIOLATIONS);
      row.lastViolationAt = now;
    }
  }
  // One lock order for every batch, so concurrent upserts of the same counters cannot deadlock.
  return [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || a.name.localeCompare(b.name));
}
