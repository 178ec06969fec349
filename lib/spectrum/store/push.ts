// Web push for the weekly summary: opt-in subscriptions per end user, and one push per user and week after the weekly
// insight is stored (the frequency cap is a claimed row in push_deliveries, so reruns and retries never resend).
// The payload is generic ("your weekly summary is ready"): nothing about the user's moods shows on a lock screen.
import type { Agent } from "node:https";
import { and, eq, inArray, sql } from "drizzle-orm";
import webpush from "web-push";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/client";
import { pushDeliveries, pushSubscriptions } from "@/db/schema";
import { env } from "@/lib/env";
import { publicHttpsAgent } from "@/lib/http/public-address";
import { textArray } from "./period-sql";

export interface VapidConfig {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** VAPID keys from the environment; null (push off, and the opt-in says so) unless all three are set. */
export function vapidConfig(): VapidConfig | null {
  const e = env();
  if (!e.VAPID_PUBLIC_KEY || !e.VAPID_PRIVATE_KEY || !e.VAPID_SUBJECT) return null;
  return { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT };
}

const PRIVATE_HOST = /^(localhost|.*\.localhost|.*\.local|.*\.internal|\[.*\]|\d+\.\d+\.\d+\.\d+)$/i;

/** What a browser's `PushSubscription.toJSON()` sends. The endpoint is fetched by our server, so only public https hosts. */
export const pushSubscriptionInputSchema = z.object({
  endpoint: z
    .string()
    .max(2000)
    .url("must be a URL")
    .refine((u) => u.startsWith("https://"), "must be an https:// URL")
    .refine((u) => !PRIVATE_HOST.test(new URL(u).hostname), "must be a public push service host"),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, "must be the browser's base64url P-256 public key"),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}={0,2}$/, "must be the browser's base64url auth secret"),
  }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

export const pushUnsubscribeInputSchema = z.object({ endpoint: z.string().min(1, "is required").max(2000) });

/** Saves (or refreshes the keys of) a subscription; one row per endpoint, owned by the user who last subscribed it. */
export async function subscribePush(db: Db, projectId: string, userId: string, input: Pick<PushSubscriptionInput, "endpoint" | "keys">) {
  await db
    .insert(pushSubscriptions)
    .values({ projectId, userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth })
    .onConflictDoUpdate({
      target: [pushSubscriptions.projectId, pushSubscriptions.endpoint],
      set: { userId, p256dh: input.keys.p256dh, auth: input.keys.auth, createdAt: sql`now()` },
    });
  return pushStatus(db, projectId, userId);
}

export async function unsubscribePush(db: Db, projectId: string, userId: string, endpoint: string) {
  const removed = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.projectId, projectId), eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)))
    .returning({ id: pushSubscriptions.id });
  return { removed: removed.length, ...(await pushStatus(db, projectId, userId)) };
}

/** Whether push is configured on this server, its public key (for the browser), and the user's subscriptions. */
export async function pushStatus(db: Db, projectId: string, userId: string) {
  const config = vapidConfig();
  const rows = await db
    .select({ endpoint: pushSubscriptions.endpoint })
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.projectId, projectId), eq(pushSubscriptions.userId, userId)));
  return { configured: config !== null, publicKey: config?.publicKey ?? null, endpoints: rows.map((r) => r.endpoint) };
}

// Endpoints come from browsers, i.e. from users: by default pushes connect only to public addresses, whatever the
// endpoint's name resolves to when sending (lib/http/public-address.ts).
const publicAgent = publicHttpsAgent();
let agent: Agent = publicAgent;
/** Replaces the https.Agent that reaches push services (e.g. one trusting a private CA in front of a private push
 * gateway, which the public-only default refuses); undefined restores the default. */
export function setPushAgent(a: Agent | undefined) {
  agent = a ?? publicAgent;
}

export interface PushSummary {
  users: number;
  delivered: number;
  expired: number;
  failed: number;
}

const PUSH_CONCURRENCY = 16;

/**
 * Sends the weekly-summary push for `periodKey` to each listed user (of one project) who has a subscription, at most
 * once per user and period and at most once per user and calendar week: the delivery row is claimed first, then the
 * push is sent to each of the user's subscriptions. Subscriptions the push service reports gone (404/410) are removed.
 */
export async function sendWeeklyPushes(db: Db, projectId: string, userIds: readonly string[], periodKey: string, periodLabel: string): Promise<PushSummary> {
  const summary: PushSummary = { users: 0, delivered: 0, expired: 0, failed: 0 };
  const config = vapidConfig();
  if (!config || userIds.length === 0) return summary;
  const claimed = rowsOf<{ user_id: string }>(
    await db.execute(sql`
      insert into push_deliveries (project_id, user_id, period_key)
      select ${projectId}::uuid, u.user_id, ${periodKey}
      from unnest(${textArray(userIds)}::text[]) u(user_id)
      where exists (select 1 from push_subscriptions s where s.project_id = ${projectId}::uuid and s.user_id = u.user_id)
        and not exists (select 1 from push_deliveries d where d.project_id = ${projectId}::uuid and d.user_id = u.user_id
                        and date_trunc('week', d.sent_at at time zone 'UTC') = date_trunc('week', now() at time zone 'UTC'))
      on conflict do nothing
      returning user_id`),
  ).map((r) => r.user_id);
  if (claimed.length === 0) return summary;
  summary.users = claimed.length;
  const subs = await db
    .select()
    .from(pushSubscriptions)
    .where(and(eq(pushSubscriptions.projectId, projectId), inArray(pushSubscriptions.userId, claimed)));
  const payload = JSON.stringify({ title: "Your weekly Spectrum", body: `Your summary for the week of ${periodLabel} is ready.`, url: "/me", tag: `spectrum-${periodKey}` });
  const perUser = new Map<string, { delivered: number; expired: number; failed: number }>(claimed.map((u) => [u, { delivered: 0, expired: 0, failed: 0 }]));
  const gone: string[] = [];
  for (let i = 0; i < subs.length; i += PUSH_CONCURRENCY) {
    await Promise.all(
      subs.slice(i, i + PUSH_CONCURRENCY).map(async (s) => {
        const counts = perUser.get(s.userId)!;
        try {
          await webpush.sendNotification({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }, payload, {
            vapidDetails: config,
            TTL: 2 * 86_400,
            urgency: "low",
            timeout: 10_000,
            agent,
          });
          counts.delivered++;
        } catch (err) {
          const status = err instanceof webpush.WebPushError ? err.statusCode : null;
          if (status === 404 || status === 410) {
            counts.expired++;
            gone.push(s.id);
          } else counts.failed++;
        }
      }),
    );
  }
  if (gone.length > 0) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, gone));
  for (const [userId, c] of perUser) {
    summary.delivered += c.delivered;
    summary.expired += c.expired;
    summary.failed += c.failed;
    await db
      .update(pushDeliveries)
      .set(c)
      .where(and(eq(pushDeliveries.projectId, projectId), eq(pushDeliveries.userId, userId), eq(pushDeliveries.periodKey, periodKey)));
  }
  return summary;
}
