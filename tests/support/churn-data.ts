// Writes generated churn data (lib/insights/churn/synthetic.ts) into a project: its end users with their plan and
// first/last seen times, and their events, in chunks. Shared by the churn route test and the churn benchmark.
import type { Db } from "@/db/client";
import { endUsers, events } from "@/db/schema";
import type { generateChurnData } from "@/lib/insights/churn/synthetic";

export async function seedChurnData(db: Db, projectId: string, data: ReturnType<typeof generateChurnData>) {
  const seen = new Map<string, { first: Date; last: Date }>();
  for (const e of data.events) {
    const s = seen.get(e.userId);
    if (!s) seen.set(e.userId, { first: e.timestamp, last: e.timestamp });
    else {
      if (e.timestamp < s.first) s.first = e.timestamp;
      if (e.timestamp > s.last) s.last = e.timestamp;
    }
  }
  const users = data.users.filter((u) => seen.has(u.userId));
  for (let k = 0; k < users.length; k += 1000) {
    await db.insert(endUsers).values(
      users.slice(k, k + 1000).map((u) => ({ projectId, userId: u.userId, plan: u.plan, signupAt: u.signupAt, firstSeenAt: seen.get(u.userId)!.first, lastSeenAt: seen.get(u.userId)!.last })),
    );
  }
  for (let k = 0; k < data.events.length; k += 2000) {
    await db.insert(events).values(data.events.slice(k, k + 2000).map((e) => ({ ...e, projectId })));
  }
}
