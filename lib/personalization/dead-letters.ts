// The feedback dead-letter policy: an interaction whose item is not in the catalog yet is kept and retried with
// exponential backoff (1 min, 2, 4, ... capped at 6 h) until the item arrives, the attempts run out, or it expires.

export const DEAD_LETTER_MAX_ATTEMPTS = 8;
/** Rows of any status older than this are deleted by the retry job. */
export const DEAD_LETTER_TTL_DAYS = 7;
/** Pending rows per project; past it, refused interactions are not kept (the reply says so). */
export const DEAD_LETTER_CAP = 10_000;

const BASE_MS = 60_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;

/** When the next attempt is due after `attempts` failed ones. */
export function nextAttemptAt(attempts: number, now: Date): Date {
  return new Date(now.getTime() + Math.min(MAX_DELAY_MS, BASE_MS * 2 ** attempts));
}

export function unknownItemReason(itemId: string) {
  return `item "${itemId}" is not in the catalog yet`;
}
