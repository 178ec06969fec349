import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { Principal } from "@/lib/auth/session";
import { forgetApiKey, generateKeyPair, hashSecret } from "@/lib/auth/api-keys";
import { auditAs } from "@/lib/audit/record";

export const createApiKeySchema = z.object({ name: z.string().trim().min(1, "is required").max(100) });

export async function listApiKeys(db: Db, projectId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      publicKey: apiKeys.publicKey,
      secretPreview: apiKeys.secretPreview,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.projectId, projectId))
    .orderBy(desc(apiKeys.createdAt));
}

/** Stores a key pair; the secret is returned this once and only its hash is kept. */
export async function insertApiKey(
  db: Db,
  projectId: string,
  name: string,
  pair = generateKeyPair(),
  createdBy: string | null = null,
) {
  const [row] = await db
    .insert(apiKeys)
    .values({
      projectId,
      name,
      publicKey: pair.publicKey,
      secretHash: hashSecret(pair.secretKey),
      secretPreview: `…${pair.secretKey.slice(-4)}`,
      createdBy,
    })
    .returning({ id: apiKeys.id });
  return { id: row.id, publicKey: pair.publicKey, secretKey: pair.secretKey };
}

export async function createApiKey(db: Db, actor: Principal, input: z.infer<typeof createApiKeySchema>) {
  return db.transaction(async (tx) => {
    const key = await insertApiKey(tx, actor.projectId, input.name, undefined, actor.userId);
    await auditAs(tx, actor, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: key.id,
      details: { name: input.name, publicKey: key.publicKey },
    });
    return key;
  });
}

/** Revokes a key; rejected from the next request on (other instances: see VerifiedKeyCache in lib/auth/api-keys). */
export async function revokeApiKey(db: Db, actor: Principal, id: string) {
  const { secretHash, publicKey } = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.projectId, actor.projectId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, publicKey: apiKeys.publicKey, secretHash: apiKeys.secretHash });
    if (!row) throw new AppError("not_found", "No active API key with that id in this project");
    await auditAs(tx, actor, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: id,
      details: { publicKey: row.publicKey },
    });
    return row;
  });
  await forgetApiKey(secretHash, publicKey);
}
