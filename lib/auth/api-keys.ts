import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { LRUCache } from "lru-cache";
import type { Db } from "@/db/client";
import { apiKeys, projects } from "@/db/schema";
import { AppError } from "@/lib/http/errors";
import { env } from "@/lib/env";
import { apiKeyUsage } from "./api-key-usage";

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
const REVOCATION_CHANNEL = "prism:api-key-revocations";

interface RevocationBus {
  publish(message: string): Promise<void>;
  close(): Promise<void>;
}

async function connectRevocationBus(url: string, onMessage: (message: string) => void): Promise<RevocationBus> {
  const { Redis } = await import("ioredis");
  const options = { maxRetriesPerRequest: 2, connectTimeout: 2_000 };
  const [subscriber, publisher] = [new Redis(url, options), new Redis(url, options)];
  subscriber.on("message", (_channel: string, message: string) => onMessage(message));
  // ioredis reconnects (and re-subscribes) by itself; messages published meanwhile are lost, the TTL is the bound.
  for (const client of [subscriber, publisher]) client.on("error", () => {});
  try {
    await subscriber.subscribe(REVOCATION_CHANNEL);
  } catch (err) {
    subscriber.disconnect();
    publisher.disconnect();
    throw err;
  }
  return {
    publish: async (message) => void (await publisher.publish(REVOCATION_CHANNEL, message)),
    close: async () => {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}

export class VerifiedKeyCache {
  private readonly entries = new LRUCache<string, { db: Db; principal: ApiKeyPrincipal }>({ max: 10_000, ttl: VERIFIED_KEY_TTL_MS });
  /** Bumped on every invalidation: a lookup in flight while a key was revoked does not re-cache its answer. */
  private invalidations = 0;
  private bus: Promise<RevocationBus | null> | null = null;

  constructor(private readonly redisUrl?: string) {}

  /** Subscribed before anything is cached, so no revocation published after a key was cached can be missed. */
  private revocations(): Promise<RevocationBus | null> | null {
    if (!this.redisUrl) return null;
    this.bus ??= connectRevocationBus(this.redisUrl, (message) => this.apply(message)).catch((err: unknown) => {
      console.error(`API key revocations will not be broadcast (Redis unreachable): ${String(err)}`);
      return null;
    });
    return this.bus;
  }

  private apply(message: string) {
    this.invalidations++;
    if (message.startsWith("key:")) this.entries.delete(message.slice(4));
    if (message.startsWith("project:")) {
      const projectId = message.slice(8);
      for (const [hash, entry] of this.entries.entries()) if (entry.principal.projectId === projectId) this.entries.delete(hash);
    }
  }

  private async broadcast(message: string) {
    this.apply(message);
    const bus = await this.revocations();
    // A failed publish leaves other instances on the TTL bound; the revocation itself has committed.
    await bus?.publish(message).catch((err: unknown) => console.error(`API key revocation not broadcast: ${String(err)}`));
  }

  forget(secretHash: string) {
    return this.broadcast(`key:${secretHash}`);
  }

  forgetProject(projectId: string) {
    return this.broadcast(`project:${projectId}`);
  }

  async lookUp(db: Db, secretHash: string): Promise<ApiKeyPrincipal | null> {
    const bus = this.revocations();
    if (bus) await bus;
    const hit = this.entries.get(secretHash);
    if (hit && hit.db === db) return hit.principal;
    const epoch = this.invalidations;
    const [row] = await db
      .select({ id: apiKeys.id, projectId: apiKeys.projectId, publicKey: apiKeys.publicKey, orgId: projects.orgId })
      .from(apiKeys)
      .innerJoin(projects, eq(projects.id, apiKeys.projectId))
      .where(and(eq(apiKeys.secretHash, secretHash), isNull(apiKeys.revokedAt)))
      .limit(1);
    if (!row) return null;
    const principal = { apiKeyId: row.id, projectId: row.projectId, orgId: row.orgId, publicKey: row.publicKey };
    if (epoch === this.invalidations) this.entries.set(secretHash, { db, principal });
    return principal;
  }

  async close() {
    await (await this.bus)?.close();
  }
}

// On globalThis: Next.js bundles routes separately, and the route that revokes must reach the cache the others read.
const globalForKeys = globalThis as unknown as { __prismVerifiedKeys?: VerifiedKeyCache };
const verifiedKeys = () => (globalForKeys.__prismVerifiedKeys ??= new VerifiedKeyCache(env().REDIS_URL));

/** Drops a key from the verified-key cache (on revocation, after the commit); broadcast with REDIS_URL. */
export function forgetApiKey(secretHash: string) {
  return verifiedKeys().forget(secretHash);
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
    .catch((err: unknown) => console.error(`[prism] could not record API key use: ${err instanceof Error ? err.name : typeof err}`));
  return { ...principal };
}
