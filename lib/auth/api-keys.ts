import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, projects } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { apiKeyUsage } from "./api-key-usage";
import type { InvalidationBus } from "@/lib/cache/invalidation-bus";
import { createTtlCache, type TtlCache } from "@/lib/cache/ttl-cache";
import { log } from "@/lib/log";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function generateKeyPair() {
  return {
    publicKey: `pk-prism-${randomBytes(12).toString("hex")}`,
    secretKey: `sk-prism-${randomBytes(24).toString("hex")}`,
  };
}

export interface ApiKeyPrincipal {
  apiKeyId: string;
  projectId: string;
  orgId: string;
  publicKey: string;
}

/** Reads `Authorization: Bearer <secret>` or `Basic base64(public:secret)`; returns the secret (and public key if sent). */
export function parseAuthorization(header: string | null): { publicKey?: string; secret: string } | null {
  if (!header) return null;
  const [scheme, value] = header.split(/\s+/, 2);
  if (!value) return null;
  if (scheme.toLowerCase() === "bearer") return { secret: value.trim() };
  if (scheme.toLowerCase() === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const sep = decoded.indexOf(":");
    if (sep < 0) return null;
    return { publicKey: decoded.slice(0, sep), secret: decoded.slice(sep + 1) };
  }
  return null;
}

/**
 * Verified keys, by secret hash, for VERIFIED_KEY_TTL_MS: the lookup (a database round trip) was the assign
 * endpoint's bottleneck. Only successful lookups are cached, so a new key works at once and guessed secrets cannot
 * fill the cache. Revocation drops the entry after the revoking transaction commits (`forgetApiKey`), at once on
 * this instance; with REDIS_URL the revocation is also published and every instance subscribed drops the key when the
 * message arrives. Without Redis, or for a message lost while Redis was unreachable, another instance keeps
 * accepting a revoked key for at most the TTL.
 */
export const VERIFIED_KEY_TTL_MS = 30_000;

export class VerifiedKeyCache {
  private readonly entries: TtlCache<{ db: Db; principal: ApiKeyPrincipal }>;
  /** Public keys (browser telemetry: every event batch and config request), by the key itself, same rules. */
  private readonly publicEntries: TtlCache<{ db: Db; principal: PublicKeyPrincipal }>;

  /** `bus` defaults to the process's invalidation bus (Redis pub/sub with REDIS_URL). */
  constructor(bus?: InvalidationBus | Promise<InvalidationBus>) {
    this.entries = createTtlCache({ name: "api-keys", ttlMs: VERIFIED_KEY_TTL_MS, max: 10_000, bus });
    this.publicEntries = createTtlCache({ name: "public-keys", ttlMs: VERIFIED_KEY_TTL_MS, max: 10_000, bus });
  }

  async forget(secretHash: string, publicKey?: string) {
    await Promise.all([this.entries.invalidate(secretHash), publicKey ? this.publicEntries.invalidate(publicKey) : null]);
  }

  async forgetProject(projectId: string) {
    await Promise.all([this.entries.invalidateTag(projectId), this.publicEntries.invalidateTag(projectId)]);
  }

  async lookUpPublic(db: Db, publicKey: string): Promise<PublicKeyPrincipal | null> {
    await this.publicEntries.ready();
    const hit = this.publicEntries.get(publicKey);
    if (hit && hit.db === db) return hit.principal;
    const epoch = this.publicEntries.epoch();
    const [row] = await db
      .select({ id: apiKeys.id, projectId: apiKeys.projectId })
      .from(apiKeys)
      .where(and(eq(apiKeys.publicKey, publicKey), isNull(apiKeys.revokedAt)))
      .limit(1);
    if (!row) return null;
    const principal = { apiKeyId: row.id, projectId: row.projectId, publicKey };
    this.publicEntries.set(publicKey, { db, principal }, { tags: [row.projectId], ifEpoch: epoch });
    return principal;
  }

  async lookUp(db: Db, secretHash: string): Promise<ApiKeyPrincipal | null> {
    // Subscribed before anything is cached, so no revocation published after a key was cached can be missed.
    await this.entries.ready();
    const hit = this.entries.get(secretHash);
    if (hit && hit.db === db) return hit.principal;
    // A lookup in flight while a key was revoked does not re-cache its answer.
    const epoch = this.entries.epoch();
    const [row] = await db
      .select({ id: apiKeys.id, projectId: apiKeys.projectId, publicKey: apiKeys.publicKey, orgId: projects.orgId })
      .from(apiKeys)
      .innerJoin(projects, eq(projects.id, apiKeys.projectId))
      .where(and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt)))
      .limit(1);
    if (!row) return null;
    const principal = { apiKeyId: row.id, projectId: row.projectId, orgId: row.orgId, publicKey: row.publicKey };
    this.entries.set(secretHash, { db, principal }, { tags: [principal.projectId], ifEpoch: epoch });
    return principal;
  }

  async close() {
    await Promise.all([this.entries.close(), this.publicEntries.close()]);
  }
}

// On globalThis: Next.js bundles routes separately, and the route that revokes must reach the cache the others read.
const globalForKeys = globalThis as unknown as { __prismVerifiedKeys?: VerifiedKeyCache };
const verifiedKeys = () => (globalForKeys.__prismVerifiedKeys ??= new VerifiedKeyCache());

/** Drops a key (its secret, and its public key) from the verified-key cache (on revocation, after the commit); broadcast with REDIS_URL. */
export function forgetApiKey(secretHash: string, publicKey?: string) {
  return verifiedKeys().forget(secretHash, publicKey);
}

/** Drops every cached key of a project (when the project goes away); broadcast with REDIS_URL. */
export function forgetProjectApiKeys(projectId: string) {
  return verifiedKeys().forgetProject(projectId);
}

/** Looks the key up by its unique hash (cached for VERIFIED_KEY_TTL_MS; see above). */
export async function authenticateApiKey(db: Db, header: string | null): Promise<ApiKeyPrincipal> {
  const creds = parseAuthorization(header);
  if (!creds) {
    throw new AppError("unauthorized", "Missing API key: send `Authorization: Bearer <secret key>` or Basic public:secret");
  }
  const principal = await verifiedKeys().lookUp(db, hashSecret(creds.secret));
  if (!principal || (creds.publicKey !== undefined && creds.publicKey !== principal.publicKey)) {
    throw new AppError("unauthorized", "Invalid or revoked API key");
  }
  // Throttled (once a minute per key); a failure to record the use never fails the request.
  await apiKeyUsage()
    .touch(db, principal.apiKeyId)
    .catch((err: unknown) => log("auth").error({ error: err instanceof Error ? err.name : typeof err }, "could not record API key use"));
  return { ...principal };
}

/** A project's public key, as a browser page sends it: it may only write events (`/api/public/events`). */
export interface PublicKeyPrincipal {
  apiKeyId: string;
  projectId: string;
  publicKey: string;
}

/** The project of an unrevoked public key (`pk-prism-…`), or a 401. Not secret, so it proves only which project. */
export async function authenticatePublicKey(db: Db, publicKey: string | null): Promise<PublicKeyPrincipal> {
  if (!publicKey || !publicKey.startsWith("pk-")) {
    throw new AppError("unauthorized", "Missing public key: send ?key=pk-prism-… (the project's public key)");
  }
  const principal = await verifiedKeys().lookUpPublic(db, publicKey);
  if (!principal) throw new AppError("unauthorized", "Invalid or revoked public key");
  return principal;
}
