// The user-scoped Spectrum operations behind both route families: the member's own (/spectrum/me/...) and an API
// key acting on behalf of one of its end users (/spectrum/users/{userId}/...). Routes parse, call and shape.
import { z } from "zod";
import type { Db } from "@/db/client";
import { AppError } from "@/lib/http/errors";
import { getCacheStore } from "@/lib/cache/store";
import { enforceRateLimit } from "@/lib/cache/rate-limit";
import { addExclusion, exclusionInputSchema, listExclusions, removeExclusion, resetInputSchema, resetSpectrum } from "./controls";
import { engagementInputSchema, recordEngagement, type EngagementKind } from "./engagement";
import { monthlyDeepDive, spectrumOverview, weeklyFeed } from "./read";
import { pushStatus, pushSubscriptionInputSchema, pushUnsubscribeInputSchema, subscribePush, unsubscribePush, vapidConfig } from "./push";

export interface SpectrumSubject {
  projectId: string;
  userId: string;
}

/** The member's own end-user id; a member login without one has no Spectrum yet. */
export function memberSubject(principal: { projectId: string; endUserId: string | null }): SpectrumSubject {
  if (!principal.endUserId) throw new AppError("not_found", "Your account is not linked to an end user, so there is no Spectrum yet");
  return { projectId: principal.projectId, userId: principal.endUserId };
}

export function apiKeySubject(apiKey: { projectId: string }, userId: string | string[] | undefined): SpectrumSubject {
  const parsed = z.string().min(1).max(200).safeParse(userId);
  if (!parsed.success) throw new AppError("invalid_request", "userId: is required");
  return { projectId: apiKey.projectId, userId: parsed.data };
}

/** Exclusions and resets recompute the user's history: a few a minute is plenty for a person, and bounds the cost. */
export const SPECTRUM_CONTROLS_LIMIT = { limit: 10, windowMs: 60_000 };

async function limitControls(s: SpectrumSubject) {
  await enforceRateLimit(await getCacheStore(), `spectrum-controls:${s.projectId}:${s.userId}`, SPECTRUM_CONTROLS_LIMIT, "Too many exclusions or resets.");
}

const monthQuery = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, "must look like 2026-11").optional() });

export const spectrumUserApi = {
  /** A member's own engagement (page view, feed open, ...): kinds only, never text. */
  engaged: (db: Db, s: SpectrumSubject, kind: EngagementKind) => recordEngagement(db, s.projectId, s.userId, kind),
  recordEngagement: async (db: Db, s: SpectrumSubject, body: unknown) => {
    const { kind } = engagementInputSchema.parse(body);
    await recordEngagement(db, s.projectId, s.userId, kind);
    return { recorded: kind };
  },
  overview: (db: Db, s: SpectrumSubject) => spectrumOverview(db, s.projectId, s.userId),
  feed: async (db: Db, s: SpectrumSubject) => ({ insights: (await spectrumOverview(db, s.projectId, s.userId)).feed }),
  monthly: async (db: Db, s: SpectrumSubject, url: URL) => {
    const { month } = monthQuery.parse(Object.fromEntries(url.searchParams));
    const monthly = month ? await monthlyDeepDive(db, s.projectId, s.userId, month) : (await spectrumOverview(db, s.projectId, s.userId)).monthly;
    if (month && !monthly) throw new AppError("not_found", `No monthly summary for ${month}`);
    return { monthly };
  },
  listExclusions: async (db: Db, s: SpectrumSubject) => ({ exclusions: await listExclusions(db, s.projectId, s.userId) }),
  addExclusion: async (db: Db, s: SpectrumSubject, body: unknown) => {
    const input = exclusionInputSchema.parse(body);
    await limitControls(s);
    return addExclusion(db, s.projectId, s.userId, input);
  },
  removeExclusion: async (db: Db, s: SpectrumSubject, id: string | string[] | undefined) => {
    await limitControls(s);
    return removeExclusion(db, s.projectId, s.userId, String(id));
  },
  reset: async (db: Db, s: SpectrumSubject, body: unknown) => {
    const { from } = resetInputSchema.parse(body ?? {});
    await limitControls(s);
    return resetSpectrum(db, s.projectId, s.userId, from);
  },
  pushStatus: (db: Db, s: SpectrumSubject) => pushStatus(db, s.projectId, s.userId),
  subscribePush: (db: Db, s: SpectrumSubject, body: unknown) => {
    const input = pushSubscriptionInputSchema.parse(body);
    if (!vapidConfig()) throw new AppError("conflict", "Web push is not configured on this server (VAPID keys are not set)");
    return subscribePush(db, s.projectId, s.userId, input);
  },
  unsubscribePush: (db: Db, s: SpectrumSubject, body: unknown) => unsubscribePush(db, s.projectId, s.userId, pushUnsubscribeInputSchema.parse(body).endpoint),
};

// weeklyFeed is exported for callers that want the feed without the rest of the overview.
export { weeklyFeed };
