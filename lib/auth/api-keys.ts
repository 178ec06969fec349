import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, projects } from "@/db/schema";
import { AppError } from "@/lib/http/errors";

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

/** A revoked key stops working at once: every request looks the key up (by its unique hash index). */
export async function authenticateApiKey(db: Db, header: string | null): Promise<ApiKeyPrincipal> {
  const creds = parseAuthorization(header);
  if (!creds) {
    throw new AppError("unauthorized", "Missing API key: send `Authorization: Bearer <secret key>` or Basic public:secret");
  }
  const [row] = await db
    .select({ id: apiKeys.id, projectId: apiKeys.projectId, publicKey: apiKeys.publicKey, orgId: projects.orgId })
    .from(apiKeys)
    .innerJoin(projects, eq(projects.id, apiKeys.projectId))
    .where(and(eq(apiKeys.secretHash, hashSecret(creds.secret)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row || (creds.publicKey !== undefined && creds.publicKey !== row.publicKey)) {
    throw new AppError("unauthorized", "Invalid or revoked API key");
  }
  return { apiKeyId: row.id, projectId: row.projectId, orgId: row.orgId, publicKey: row.publicKey };
}
