import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { endUsers, events } from "@/db/schema";

export interface DailyActivity {
  day: string;
  sessions: number;
  activeUsers: number;
  messages: number;
  errors: number;
  thumbsUp: number;
  thumbsDown: number;
}

/** Per-day product activity of a project from its raw events (rollups replace this scan once data is large). */
export async function dailyActivity(db: Db, projectId: string, days = 30, now = new Date()): Promise<DailyActivity[]> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const day = sql<string>`to_char(date_trunc('day', ${events.timestamp} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await db
    .select({
      day,
      sessions: sql<number>`count(*) filter (where ${events.name} = 'session_started')`.mapWith(Number),
      activeUsers: sql<number>`count(distinct ${events.userId})`.mapWith(Number),
      messages: sql<number>`count(*) filter (where ${events.name} = 'message_sent')`.mapWith(Number),
      errors: sql<number>`count(*) filter (where ${events.name} = 'error')`.mapWith(Number),
      thumbsUp: sql<number>`count(*) filter (where ${events.name} = 'feedback' and ${events.properties}->>'thumbs' = 'up')`.mapWith(Number),
      thumbsDown: sql<number>`count(*) filter (where ${events.name} = 'feedback' and ${events.properties}->>'thumbs' = 'down')`.mapWith(Number),
    })
    .from(events)
    .where(and(eq(events.projectId, projectId), gte(events.timestamp, since)))
    .groupBy(day)
    .orderBy(day);
  return rows;
}

export function summarize(days: DailyActivity[]) {
  const sum = (f: (d: DailyActivity) => number) => days.reduce((s, d) => s + f(d), 0);
  const attempts = sum((d) => d.messages + d.errors);
  const votes = sum((d) => d.thumbsUp + d.thumbsDown);
  return {
    sessions: sum((d) => d.sessions),
    messages: sum((d) => d.messages),
    errorRate: attempts ? sum((d) => d.errors) / attempts : null,
    thumbsUpRate: votes ? sum((d) => d.thumbsUp) / votes : null,
    feedbackCount: votes,
  };
}

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
