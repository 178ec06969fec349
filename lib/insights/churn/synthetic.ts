// Generated end users with KNOWN churn drivers (seeded, pure), for the model's tests, the benchmark and checks of the
// pipeline: about half the users stop at a random day; in the three weeks before they stop, their session rate falls
// to a quarter, they meet errors far more often (3% → 25% of messages) and give more thumbs-down. The others keep a
// steady rate (some of them low, so recency alone is a noisy signal). Output is product events, as a customer sends them.
import { createRandom } from "@/lib/primitives/random";

export interface SyntheticChurnOptions {
  users: number;
  /** Days of history before `end` (epoch ms). */
  days: number;
  end: number;
  seed: number;
}

export interface SyntheticChurnUser {
  userId: string;
  plan: "free" | "pro";
  signupAt: Date;
  /** The instant after which they never come back; null for users who stay. */
  churnAt: Date | null;
}

export interface SyntheticChurnEvent {
  id: string;
  userId: string;
  sessionId: string;
  name: "session_started" | "message_sent" | "error" | "feedback";
  timestamp: Date;
  properties: Record<string, unknown>;
}

const DAY = 86_400_000;
/** How long before churning a user's decline starts. */
const DECLINE_DAYS = 21;

export function generateChurnData(o: SyntheticChurnOptions): { users: SyntheticChurnUser[]; events: SyntheticChurnEvent[] } {
  const rnd = createRandom(o.seed);
  const start = o.end - o.days * DAY;
  const users: SyntheticChurnUser[] = [];
  const events: SyntheticChurnEvent[] = [];
  for (let i = 1; i <= o.users; i++) {
    const userId = `churn-user-${String(i).padStart(5, "0")}`;
    const plan = rnd.chance(0.3) ? "pro" : "free";
    const signupAt = new Date(start + Math.floor(rnd.next() * 14 * DAY));
    // Churn days spread from a month in to past the end, so every evaluation window has churners and stayers.
    const churnAt = rnd.chance(0.5) ? new Date(start + 30 * DAY + Math.floor(rnd.next() * (o.days - 10) * DAY)) : null;
    users.push({ userId, plan, signupAt, churnAt });
    const baseRate = (plan === "pro" ? 0.5 : 0.25) + rnd.next() * 1.2; // sessions a day
    for (let day = Math.floor((signupAt.getTime() - start) / DAY); day < o.days; day++) {
      const dayStart = start + day * DAY;
      if (churnAt && dayStart >= churnAt.getTime()) break;
      // 1 outside the decline; falls linearly to 0.25 at the churn instant.
      const decline = churnAt ? Math.min(1, Math.max(0, (churnAt.getTime() - dayStart) / (DECLINE_DAYS * DAY))) : 1;
      const declining = decline < 1;
      const sessions = rnd.poisson(baseRate * (0.25 + 0.75 * decline));
      for (let s = 0; s < sessions; s++) {
        let t = dayStart + Math.floor(rnd.next() * 20 * 3_600_000);
        if (t >= o.end || (churnAt && t >= churnAt.getTime())) continue;
        const sessionId = `${userId}-d${day}-s${s}`;
        const push = (name: SyntheticChurnEvent["name"], properties: Record<string, unknown> = {}) =>
          events.push({ id: `${sessionId}-${events.length}`, userId, sessionId, name, timestamp: new Date(Math.min(t, o.end - 1)), properties });
        push("session_started", { plan });
        const messages = 1 + rnd.poisson(2);
        for (let m = 0; m < messages; m++) {
          t += 5_000 + Math.floor(rnd.next() * 60_000);
          if (rnd.chance(declining ? 0.25 : 0.03)) push("error", { code: "timeout" });
          else push("message_sent");
        }
        if (rnd.chance(0.3)) {
          t += 5_000;
          push("feedback", { thumbs: rnd.chance(declining ? 0.5 : 0.15) ? "down" : "up" });
        }
      }
    }
  }
  return { users, events };
}
