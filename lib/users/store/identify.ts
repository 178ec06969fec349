// Writes identify items: a ledger row per item id (a replay changes nothing), the users' new traits and one history
// row per trait change, in one transaction.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUserIdentifies, endUsers, endUserTraitChanges } from "@/db/schema";
import { applyIdentify, emptyTraits, type TraitChange, type Traits, type UserTraits } from "../traits";

export interface IdentifyItem {
  id: string;
  timestamp: Date;
  userId: string;
  traits?: Traits;
  traitsOnce?: Traits;
}

export async function writeIdentifies(db: Db, projectId: string, items: IdentifyItem[], mask: (s: string) => string) {
  if (items.length === 0) return;
  await db.transaction(async (tx) => {
    const fresh = new Set(
      (
        await tx
          .insert(endUserIdentifies)
          .values(items.map((i) => ({ projectId, id: i.id, userId: i.userId, timestamp: i.timestamp })))
          .onConflictDoNothing()
          .returning({ id: endUserIdentifies.id })
      ).map((r) => r.id),
    );
    const todo = items.filter((i) => fresh.has(i.id)).sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
    if (todo.length === 0) return;
    const userIds = [...new Set(todo.map((i) => i.userId))];
    const current = await tx
      .select()
      .from(endUsers)
      .where(and(eq(endUsers.projectId, projectId), inArray(endUsers.userId, userIds)))
      .for("update");
    const lastChanges = await tx
      .select({ userId: endUserTraitChanges.userId, trait: endUserTraitChanges.trait, at: sql<string>`max(${endUserTraitChanges.validFrom})` })
      .from(endUserTraitChanges)
      .where(and(eq(endUserTraitChanges.projectId, projectId), inArray(endUserTraitChanges.userId, userIds)))
      .groupBy(endUserTraitChanges.userId, endUserTraitChanges.trait);
    const states = new Map<string, UserTraits>(userIds.map((u) => [u, emptyTraits()]));
    for (const row of current) states.set(row.userId, { plan: row.plan, signupAt: row.signupAt, country: row.country, email: row.email, properties: row.properties });
    const lastChangedAt = new Map<string, Map<string, number>>(userIds.map((u) => [u, new Map()]));
    for (const c of lastChanges) lastChangedAt.get(c.userId)!.set(c.trait, new Date(c.at).getTime());
    const seen = new Map<string, { first: Date; last: Date }>();
    const changes: (TraitChange & { userId: string })[] = [];
    for (const item of todo) {
      const applied = applyIdentify(states.get(item.userId)!, item, lastChangedAt.get(item.userId)!, mask);
      states.set(item.userId, applied.state);
      changes.push(...applied.changes.map((c) => ({ ...c, userId: item.userId })));
      const s = seen.get(item.userId);
      seen.set(item.userId, { first: s?.first ?? item.timestamp, last: item.timestamp });
    }
    await tx
      .insert(endUsers)
      .values(
        userIds.map((userId) => ({
          projectId,
          userId,
          ...states.get(userId)!,
          firstSeenAt: seen.get(userId)!.first,
          lastSeenAt: seen.get(userId)!.last,
          activityReceivedAt: sql`now()`,
        })),
      )
      .onConflictDoUpdate({
        target: [endUsers.projectId, endUsers.userId],
        set: {
          plan: sql`excluded.plan`,
          signupAt: sql`excluded.signup_at`,
          country: sql`excluded.country`,
          email: sql`excluded.email`,
          properties: sql`excluded.properties`,
          firstSeenAt: sql`least(${endUsers.firstSeenAt}, excluded.first_seen_at)`,
          lastSeenAt: sql`greatest(${endUsers.lastSeenAt}, excluded.last_seen_at)`,
          activityReceivedAt: sql`now()`,
          // The experiment results job re-reads users written since its last run (their plan at exposure may change).
          updatedAt: sql`now()`,
        },
      });
    if (changes.length > 0) {
      await tx.insert(endUserTraitChanges).values(
        changes.map((c) => ({ projectId, userId: c.userId, trait: c.trait, oldValue: c.oldValue, newValue: c.newValue, validFrom: c.validFrom })),
      );
    }
  });
}
