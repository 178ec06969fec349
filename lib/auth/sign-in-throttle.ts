// Why: password guessing is limited per (account, client) and per client, without letting an attacker lock the
// account's owner out from everywhere or slip past by rotating X-Forwarded-For (issue 12 #8).
import type { CacheStore } from "@/lib/cache/store";
import type { RateLimit } from "@/lib/cache/rate-limit";
import type { ClientAddress } from "./client-address";

export const SIGN_IN_LIMITS = {
  /** Wrong passwords for one account from one client. */
  accountAndClient: { limit: 10, windowMs: 5 * 60_000 },
  /** Wrong passwords from one (trusted) client address over all accounts: credential stuffing. */
  client: { limit: 50, windowMs: 5 * 60_000 },
  /**
   * Wrong passwords for one account from everywhere: the bound that forged or rotating addresses cannot escape.
   * High, so locking the owner out takes a sustained attack rather than ten typos.
   */
  account: { limit: 100, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimit>;

export const TOO_MANY_SIGN_INS = "Too many sign-in attempts.";

function pairKey(email: string, client: ClientAddress) {
  return `signin:pair:${email}|${client.address}`;
}

/**
 * Counts this attempt against every limit and returns the seconds to wait when one is exceeded. Every attempt
 * counts when it starts (so a burst of parallel guesses cannot slip in before their failures are recorded);
 * a successful sign-in then clears its (account, client) count, so only failures accumulate there.
 */
export async function takeSignInAttempt(store: CacheStore, email: string, client: ClientAddress): Promise<number | null> {
  const checks: [string, RateLimit][] = [
    [pairKey(email, client), SIGN_IN_LIMITS.accountAndClient],
    [`signin:account:${email}`, SIGN_IN_LIMITS.account],
  ];
  // An untrusted address is whatever the client wrote: limiting by it alone would only punish honest clients.
  if (client.trusted) checks.push([`signin:client:${client.address}`, SIGN_IN_LIMITS.client]);
  let waitMs = 0;
  for (const [key, { limit, windowMs }] of checks) {
    const { count, resetMs } = await store.hit(key, windowMs);
    if (count > limit) waitMs = Math.max(waitMs, resetMs);
  }
  return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : null;
}

export async function clearSignInFailures(store: CacheStore, email: string, client: ClientAddress) {
  await store.del(pairKey(email, client));
}

/**
 * Runs before next-auth's credentials callback, which can only answer 401: an attempt over a limit gets 429 with
 * Retry-After here, with the `url` next-auth's client reads its error from. Null lets next-auth handle it.
 */
export async function throttleCredentialsCallback(req: Request, store: CacheStore, client: ClientAddress): Promise<Response | null> {
  if (req.method !== "POST" || !new URL(req.url).pathname.endsWith("/callback/credentials")) return null;
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const email = String(form?.get("email") ?? "").trim().toLowerCase().slice(0, 320);
  if (!email) return null;
  const retryAfter = await takeSignInAttempt(store, email, client);
  if (retryAfter === null) return null;
  const message = `${TOO_MANY_SIGN_INS} Try again in ${retryAfter} s.`;
  const url = new URL("/signin", req.url);
  url.searchParams.set("error", message);
  return Response.json(
    { url: url.toString(), error: { code: "rate_limited", message, details: { retryAfter } } },
    { status: 429, headers: { "Retry-After": String(retryAfter), "Cache-Control": "no-store" } },
  );
}
