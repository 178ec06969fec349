// Retention, funnel, stickiness and lifecycle insights for a project: the SQL counts (overall, and per breakdown key when asked) shaped
// into their replies.
import type { Db } from "@/db/client";
import { funnelReply } from "./funnel";
import type { FunnelDroppedInput, FunnelInput, LifecycleInput, RetentionInput, StickinessInput } from "./inputs";
import { lifecycleReply } from "./lifecycle";
import { stickinessReply } from "./stickiness";
import { retentionReply } from "./retention";
import { funnelCounts, funnelDroppedUsers } from "./store/funnel";
import { lifecycleCounts } from "./store/lifecycle";
import { retentionCounts } from "./store/retention";
import { isUtcMidnight } from "./store/day-bits";
import { retentionCountsFromDays } from "./store/retention-days";
import { stickinessCounts } from "./store/stickiness";

/**
 * Whole UTC days (what the pages send) read the day bitmaps (`user_event_days`); any other instant needs the raw
 * events' timestamps. `source` in the reply says which answered.
 */
export async function retention(db: Db, projectId: string, input: RetentionInput) {
  const source = isUtcMidnight(input.from) && isUtcMidnight(input.to) ? "rollup" : "raw";
  const counts = source === "rollup" ? retentionCountsFromDays : retentionCounts;
  const overall = await counts(db, projectId, { ...input, breakdown: undefined });
  const byKey = input.breakdown === undefined ? undefined : await counts(db, projectId, input);
  return { ...retentionReply(input, overall, byKey), source };
}

export async function funnel(db: Db, projectId: string, input: FunnelInput) {
  const overall = await funnelCounts(db, projectId, { ...input, breakdown: undefined });
  const byKey = input.breakdown === undefined ? undefined : await funnelCounts(db, projectId, input);
  return funnelReply(input, overall, byKey);
}

/** As many users as a static cohort may hold; `truncated` says when there were more. */
export const MAX_DROPPED_USERS = 50_000;

export async function funnelDropped(db: Db, projectId: string, input: FunnelDroppedInput) {
  const users = await funnelDroppedUsers(db, projectId, input, MAX_DROPPED_USERS + 1);
  return { step: input.step, users: users.slice(0, MAX_DROPPED_USERS), truncated: users.length > MAX_DROPPED_USERS };
}

export async function stickiness(db: Db, projectId: string, input: StickinessInput) {
  return stickinessReply(input, await stickinessCounts(db, projectId, input));
}

export async function lifecycle(db: Db, projectId: string, input: LifecycleInput) {
  return lifecycleReply(input, await lifecycleCounts(db, projectId, input));
}
