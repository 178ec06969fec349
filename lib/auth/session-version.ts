// Why: session tokens are stateless JWTs; a per-user version lets sign-out and removal revoke them (issue 12 #17).
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";

/** The claim under which a session token carries the user's session version. */
export const SESSION_VERSION_CLAIM = "sv";

export async function currentSessionVersion(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.v ?? 0;
}

/** Refuses every session token the user holds (all devices): they sign in again. */
export async function revokeSessions(db: Db, userId: string) {
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/** The version a token claims; tokens minted before versions existed claim 0, valid only until the first bump. */
export function tokenSessionVersion(claim: unknown): number | null {
  if (claim === undefined) return 0;
  return typeof claim === "number" && Number.isInteger(claim) ? claim : null;
}
