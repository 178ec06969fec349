// Retention, funnel, stickiness and lifecycle insights for a project: the SQL counts (overall, and per breakdown key when asked) shaped
// into their replies.
import type { Db } from "@/db/client";
import { funnelReply } from "./funnel";
import type { FunnelDroppedInput, FunnelInput, LifecycleInput, RetentionInput, StickinessInput } from "./inputs";
import { lifecycleReply } from "./lifecycle";
import { stickinessReply } from "./stickiness";
import { retentionReply } from "./retention";
import { funnelCounts, funnelDroppedUsers } from "./store/funnel";
import { breakdownKeys, funnelCountsFromTimes, funnelDroppedFromTimes, funnelTimelines } from "./store/funnel-times";
import { droppedAt, funnelStepCounts } from "./funnel-timeline";
import { lifecycleCounts } from "./store/lifecycle";
import { retentionCounts } from "./store/retention";
import { isUtcMidnight } from "./store/day-bits";
import { retentionCountsFromDays } from "./store/retention-days";
import { retentionCountsAcrossTiers } from "./store/retention-tiers";
import { stickinessCounts } from "./store/stickiness";
import { stickinessCountsFromDays } from "./store/stickiness-days";
import { lifecycleCountsFromDays } from "./store/lifecycle-days";

/** Whole UTC days read the rollup (traces, which have none, their raw rows for stickiness and lifecycle); other instants the raw rows. */
const sourceOf = (input: { from: Date; to: Date }) => (isUtcMidnight(input.from) && isUtcMidnight(input.to) ? ("rollup" as const) : ("raw" as const));

/**
 * Whole UTC days (what the pages send) read the day bitmaps (`user_event_days`); any other instant needs the raw
 * events' timestamps. `source` in the reply says which answered.
 */
export async function retention(db: Db, projectId: string, input: RetentionInput, now = new Date()) {
  const source = sourceOf(input);
  // The rollup outlives the raw events (retention never trims it); the raw events past hot retention are in the warm tier.
  const raw = async (db: Db, projectId: string, input: RetentionInput) =>
    (await retentionCountsAcrossTiers(db, projectId, input, now)) ?? retentionCounts(db, projectId, input);
  const counts = source === "rollup" ? retentionCountsFromDays : raw;
  const overall = await counts(db, projectId, { ...input, breakdown: undefined });
  const byKey = input.breakdown === undefined ? undefined : await counts(db, projectId, input);
  return { ...retentionReply(input, overall, byKey), source };
}

/** Steps with property filters need the raw events (the rollup keeps no properties); the others read the rollup. */
const needsRaw = (input: Pick<FunnelInput, "steps">) => input.steps.some((s) => s.properties && Object.keys(s.properties).length > 0);

async function timelinesOf(db: Db, projectId: string, input: Pick<FunnelInput, "steps" | "from" | "to" | "windowSeconds">) {
  const steps = input.steps.map((s) => s.event);
  const users = await funnelTimelines(db, projectId, steps, input);
  const range = { fromUs: input.from.getTime() * 1000, toUs: input.to.getTime() * 1000, windowUs: input.windowSeconds * 1e6 };
  return { steps, users, range };
}

/** `source` in the reply says whether the rollup's event times or the raw events answered. */
export async function funnel(db: Db, projectId: string, input: FunnelInput) {
  if (needsRaw(input)) {
    const overall = await funnelCounts(db, projectId, { ...input, breakdown: undefined });
    const byKey = input.breakdown === undefined ? undefined : await funnelCounts(db, projectId, input);
    return { ...funnelReply(input, overall, byKey), source: "raw" as const };
  }
  // Distinct step events: counted inside PostgreSQL from the rollup's sorted times.
  const fromTimes = await funnelCountsFromTimes(db, projectId, { ...input, breakdown: undefined });
  if (fromTimes) {
    const byKey = input.breakdown === undefined ? undefined : ((await funnelCountsFromTimes(db, projectId, input)) ?? undefined);
    return { ...funnelReply(input, fromTimes, byKey), source: "rollup" as const };
  }
  const { steps, users, range } = await timelinesOf(db, projectId, input);
  const overall = funnelStepCounts(steps, users.values(), range);
  let byKey;
  if (input.breakdown !== undefined) {
    const keys = await breakdownKeys(db, projectId, input.breakdown, steps[0]);
    byKey = funnelStepCounts(steps, users.values(), range, (id) => keys.get(id) ?? []);
  }
  return { ...funnelReply(input, overall, byKey), source: "rollup" as const };
}

/** As many users as a static cohort may hold; `truncated` says when there were more. */
export const MAX_DROPPED_USERS = 50_000;

export async function funnelDropped(db: Db, projectId: string, input: FunnelDroppedInput) {
  let users: string[];
  if (needsRaw(input)) users = await funnelDroppedUsers(db, projectId, input, MAX_DROPPED_USERS + 1);
  else users = (await funnelDroppedFromTimes(db, projectId, input, MAX_DROPPED_USERS + 1)) ?? (await droppedFromTimelines(db, projectId, input));
  return { step: input.step, users: users.slice(0, MAX_DROPPED_USERS), truncated: users.length > MAX_DROPPED_USERS };
}

/** The dropped users of a funnel whose steps repeat an event name, from the users' timelines. */
async function droppedFromTimelines(db: Db, projectId: string, input: FunnelDroppedInput) {
  const { steps, users, range } = await timelinesOf(db, projectId, input);
  // Id order by code unit, as the raw path's `order by user_id` under the C collation.
  return droppedAt(steps, users.values(), range, input.step).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_DROPPED_USERS + 1);
}

export async function stickiness(db: Db, projectId: string, input: StickinessInput) {
  const source = sourceOf(input);
  const counts = source === "rollup" ? stickinessCountsFromDays : stickinessCounts;
  return { ...stickinessReply(input, await counts(db, projectId, input)), source };
}

export async function lifecycle(db: Db, projectId: string, input: LifecycleInput) {
  const source = sourceOf(input);
  const counts = source === "rollup" ? lifecycleCountsFromDays : lifecycleCounts;
  return { ...lifecycleReply(input, await counts(db, projectId, input)), source };
}
