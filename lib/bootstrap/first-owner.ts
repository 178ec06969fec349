/**
 * A fresh installation without demo data and without PRISM_INIT_USER_* still needs someone who can sign in: an
 * owner with a random password, printed once (issue 12 finding 4). Nothing happens once any user exists.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import type { Env } from "@/lib/env";
import { ensureMembership, ensureOrganization, ensureProject, ensureUser } from "./ensure";

export const FIRST_OWNER_EMAIL = "owner@prism.local";

export interface FirstOwner {
  email: string;
  password: string;
  organization: string;
}

export async function ensureFirstOwner(db: Db, e: Pick<Env, "PRISM_INIT_ORG_NAME" | "PRISM_INIT_PROJECT_NAME" | "PRISM_INIT_USER_EMAIL">): Promise<FirstOwner | null> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if (Number(n) > 0) return null;
  const organization = e.PRISM_INIT_ORG_NAME ?? "My organization";
  const org = await ensureOrganization(db, organization);
  await ensureProject(db, org.id, e.PRISM_INIT_PROJECT_NAME ?? "Default project");
  const password = randomBytes(18).toString("base64url");
  const user = await ensureUser(db, e.PRISM_INIT_USER_EMAIL ?? FIRST_OWNER_EMAIL, password, { name: "Owner" });
  await ensureMembership(db, org.id, user.id, "owner");
  return { email: user.email, password, organization: org.name };
}
