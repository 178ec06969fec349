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
import { stickinessCounts } from "./store/stickiness";

export async function retention(db: Db, projectId: string, input: RetentionInput) {
  const overall = await retentionCounts(db, projectId, { ...input, breakdown: undefined });
  const byKey = input.breakdown === undefined ? undefined : await retentionCounts(db, projectId, input);
  return retentionReply(input, overall, byKey);
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
