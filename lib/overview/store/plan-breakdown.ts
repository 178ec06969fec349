// The Users page's breakdown of a project's end users by plan.
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUsers } from "@/db/schema";

/** End users per plan, with how many signed up in the last 30 days. */
export async function planBreakdown(db: Db, projectId: string) {
  return db
    .select({
      plan: endUsers.plan,
      users: sql<number>`count(*)`.mapWith(Number),
      newLast30d: sql<number>`count(*) filter (where ${endUsers.signupAt} > now() - interval '30 days')`.mapWith(Number),
    })
    .from(endUsers)
    .where(eq(endUsers.projectId, projectId))
    .groupBy(endUsers.plan)
    .orderBy(endUsers.plan);
}
