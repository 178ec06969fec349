// The user-scoped Spectrum operations behind both route families: the member's own (/spectrum/me/...) and an API
// key acting on behalf of one of its end users (/spectrum/users/{userId}/...). Routes parse, call and shape.
import { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/errors";
import { getCacheStore } from "@/lib/cache/store";
import { enforceRateLimit } from "@/lib/cache/rate-limit";
import { addExclusion, exclusionInputSchema, type ExclusionInput, listExclusions, removeExclusion, resetInputSchema, resetSpectrum } from "./controls";
import { engagementInputSchema, recordEngagement, type EngagementKind } from "./engagement";
import { monthlyDeepDive, spectrumOverview, weeklyFeed } from "./read";
import { pushStatus, pushSubscriptionInputSchema, type PushSubscriptionInput, pushUnsubscribeInputSchema, subscribePush, unsubscribePush, vapidConfig } from "./push";

export interface SpectrumSubject {
  projectId: string;
  userId: string;
}

/** The member's own end-user id; a member login without one has no Spectrum yet. */
export function memberSubject(principal: { projectId: string; endUserId: string | null }): SpectrumSubject {
  if (!principal.endUserId) throw new AppError("not_found", "Your account is not linked to an end user, so there is no Spectrum yet");
  return { projectId: principal.projectId, userId: principal.endUserId };
}

export function apiKeySubject(apiKey: { projectId: string }, userId: string): SpectrumSubject {
  return { projectId: apiKey.projectId, userId };
}

/** Exclusions and resets recompute the user's history: a few a minute is plenty for a person, and bounds the cost. */
export const SPECTRUM_CONTROLS_LIMIT = { limit: 10, windowMs: 60_000 };

async function limitControls(s: SpectrumSubject) {
  await enforceRateLimit(await getCacheStore(), `spectrum-controls:${s.projectId}:${s.userId}`, SPECTRUM_CONTROLS_LIMIT, "Too many exclusions or resets.");
}

/** `?month=2026-11` of the monthly deep dive (omitted: the latest month). */
export const monthQuerySchema = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, "must look like 2026-11").optional() });
/** Reset accepts no body or `{ from? }`. */
export const optionalResetInputSchema = resetInputSchema.optional().transform((v) => v ?? {});
export { engagementInputSchema, exclusionInputSchema, pushSubscriptionInputSchema, pushUnsubscribeInputSchema };

export const spectrumUserApi = {
  /** A member's own engagement (page view, feed open, ...): kinds only, never text. */
  engaged: (db: Db, s: SpectrumSubject, kind: EngagementKind) => recordEngagement(db, s.projectId, s.userId, kind),
  recordEngagement: async (db: Db, s: SpectrumSubject, kind: EngagementKind) => {
    await recordEngagement(db, s.projectId, s.userId, kind);
    return { recorded: kind };
  },
  overview: (db: Db, s: SpectrumSubject) => spectrumOverview(db, s.projectId, s.userId),
  feed: async (db: Db, s: SpectrumSubject) => ({ insights: (await spectrumOverview(db, s.projectId, s.userId)).feed }),
  monthly: async (db: Db, s: SpectrumSubject, month: string | undefined) => {
    const monthly = month ? await monthlyDeepDive(db, s.projectId, s.userId, month) : (await spectrumOverview(db, s.projectId, s.userId)).monthly;
    if (month && !monthly) throw new AppError("not_found", `No monthly summary for ${month}`);
    return { monthly };
  },
  listExclusions: async (db: Db, s: SpectrumSubject) => ({ exclusions: await listExclusions(db, s.projectId, s.userId) }),
  addExclusion: async (db: Db, s: SpectrumSubject, input: ExclusionInput) => {
    await limitControls(s);
    return addExclusion(db, s.projectId, s.userId, input);
  },
  removeExclusion: async (db: Db, s: SpectrumSubject, exclusionId: string) => {
    await limitControls(s);
    return removeExclusion(db, s.projectId, s.userId, exclusionId);
  },
  reset: async (db: Db, s: SpectrumSubject, from: Date | undefined) => {
    await limitControls(s);
    return resetSpectrum(db, s.projectId, s.userId, from);
  },
  pushStatus: (db: Db, s: SpectrumSubject) => pushStatus(db, s.projectId, s.userId),
  subscribePush: (db: Db, s: SpectrumSubject, input: PushSubscriptionInput) => {
    if (!vapidConfig()) throw new AppError("conflict", "Web push is not configured on this server (VAPID keys are not set)");
    return subscribePush(db, s.projectId, s.userId, input);
  },
  unsubscribePush: (db: Db, s: SpectrumSubject, endpoint: string) => unsubscribePush(db, s.projectId, s.userId, endpoint),
};

// weeklyFeed is exported for callers that want the feed without the rest of the overview.
export { weeklyFeed };
