// Deterministic engagement of the demo Spectrum users, so the admin engagement analytics show numbers derived from
// data: weekly page views and feed opens, some insight expands, teaser views for free-plan users, and one upgrade.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUsers, events, spectrumEngagementEvents } from "@/db/schema";
import { PLAN_UPGRADED_EVENT } from "../spectrum/store/engagement";
import { identifyDemoUpgrade } from "./users";

const DAY = 86_400_000;

export async function seedDemoEngagement(db: Db, projectId: string, userIds: string[], firstWeek: Date, weeks: number, anchor: Date) {
  const rows: (typeof spectrumEngagementEvents.$inferInsert)[] = [];
  const free = new Set(
    (
      await db
        .select({ userId: endUsers.userId })
        .from(endUsers)
        .where(and(eq(endUsers.projectId, projectId), inArray(endUsers.userId, userIds), eq(endUsers.plan, "free")))
    ).map((u) => u.userId),
  );
  userIds.forEach((userId, i) => {
    for (let w = 1; w < weeks; w++) {
      // Members open their page on Monday or Tuesday after the weekly insight; every (i+2)-th week they skip it.
      if (w % (i + 2) === 0) continue;
      const at = new Date(firstWeek.getTime() + w * 7 * DAY + (i % 2) * DAY + (9 + i) * 3_600_000);
      if (at > anchor) continue;
      rows.push({ projectId, userId, kind: "page_view", occurredAt: at });
      rows.push({ projectId, userId, kind: "feed_open", occurredAt: new Date(at.getTime() + 60_000) });
      if ((w + i) % 3 === 0) rows.push({ projectId, userId, kind: "insight_expand", occurredAt: new Date(at.getTime() + 120_000) });
      if (free.has(userId) && w % 4 === 1) rows.push({ projectId, userId, kind: "teaser_view", occurredAt: new Date(at.getTime() + 180_000) });
    }
  });
  if (rows.length > 0) await db.insert(spectrumEngagementEvents).values(rows);
  // One free member (never the demo member user_0001, whose page shows the teaser) upgrades after seeing the teaser.
  const upgrader = userIds.find((u) => u !== "user_0001" && free.has(u));
  const firstTeaser = rows.find((r) => r.userId === upgrader && r.kind === "teaser_view");
  if (upgrader && firstTeaser) {
    const at = new Date(firstTeaser.occurredAt!.getTime() + 3 * DAY);
    await db
      .insert(events)
      .values({ projectId, id: `spectrum-demo-upgrade-${upgrader}`, userId: upgrader, name: PLAN_UPGRADED_EVENT, timestamp: at, properties: { from: "free", to: "pro" } })
      .onConflictDoNothing();
    await identifyDemoUpgrade(db, projectId, upgrader, at);
  }
  return { events: rows.length };
}
