import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys, memberships, organizations, projects, users } from "@/db/schema";
import type { Role } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/passwords";
import { hashSecret } from "@/lib/auth/api-keys";
import { insertApiKey } from "@/lib/tenancy/api-keys";

/** Idempotent building blocks for start-up initialization: each finds the row or creates it. */
export async function ensureOrganization(db: Db, name: string) {
  const [existing] = await db.select().from(organizations).where(eq(organizations.name, name)).limit(1);
  return existing ?? (await db.insert(organizations).values({ name }).returning())[0];
}

export async function ensureProject(db: Db, orgId: string, name: string) {
  await db.insert(projects).values({ orgId, name }).onConflictDoNothing();
  const [row] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.orgId, orgId), eq(projects.name, name)));
  return row;
}

export async function ensureUser(db: Db, email: string, password: string, opts: { name?: string; isDemo?: boolean } = {}) {
  const normalized = email.trim().toLowerCase();
  const [existing] = await db.select().from(users).where(eq(users.email, normalized)).limit(1);
  if (existing) return existing;
  const passwordHash = await hashPassword(password);
  const [row] = await db
    .insert(users)
    .values({ email: normalized, name: opts.name ?? null, passwordHash, isDemo: opts.isDemo ?? false })
    .onConflictDoNothing()
    .returning();
  return row ?? (await db.select().from(users).where(eq(users.email, normalized)))[0];
}

export async function ensureMembership(db: Db, orgId: string, userId: string, role: Role, endUserId?: string) {
  await db
    .insert(memberships)
    .values({ orgId, userId, role, endUserId: endUserId ?? null })
    .onConflictDoNothing();
}

/** Creates the key pair given by the operator unless its public key already exists. */
export async function ensureApiKey(db: Db, projectId: string, name: string, publicKey: string, secretKey: string) {
  const [existing] = await db.select().from(apiKeys).where(eq(apiKeys.publicKey, publicKey)).limit(1);
  if (existing) {
    if (existing.secretHash !== hashSecret(secretKey)) {
      throw new Error(`PRISM_INIT_PROJECT_PUBLIC_KEY ${publicKey} exists with a different secret key`);
    }
    return { id: existing.id, created: false };
  }
  const key = await insertApiKey(db, projectId, name, { publicKey, secretKey });
  return { id: key.id, created: true };
}
