// The Users page's breakdown of a project's end users by plan.
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUsers } from "@/db/schema";

/** End users per plan (all of them), with how many signed up in the window (the dashboard's time range, [from, to)). */
export async function planBreakdown(db: Db, projectId: string, window: { from: Date; to: Date }) {
  return db
    .select({
      plan: endUsers.plan,
      users: sql<number>`count(*)`.mapWith(Number),
      signedUpInRange: sql<number>`count(*) filter (where ${endUsers.signupAt} >= ${window.from.toISOString()}::timestamptz and ${endUsers.signupAt} < ${window.to.toISOString()}::timestamptz)`.mapWith(Number),
    })
    .from(endUsers)
    .where(eq(endUsers.projectId, projectId))
    .groupBy(endUsers.plan)
    .orderBy(endUsers.plan);
}
