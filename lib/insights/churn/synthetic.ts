// Generated end users with KNOWN churn drivers (seeded, pure), for the model's tests, the benchmark and checks of the
// pipeline: about half the users stop at a random day; for 70% of them, in the three weeks before they stop, their
// session rate falls to 30%, they meet errors more often (3% → 20% of messages) and give more thumbs-down (15% → 45%);
// the other 30% stop with no warning. Usual rates range from a session every ten days to two a day, and a third of
// the users who stay take one 7-20 day break, so a quiet spell alone is a noisy signal (as in real products).
// Output is product events, as a customer sends them.
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
    // Sessions a day, log-uniform from one every ten days to two a day: a quiet week is normal for some users.
    const baseRate = 0.1 * 20 ** rnd.next() * (plan === "pro" ? 1.5 : 1);
    const warns = churnAt !== null && rnd.chance(0.7);
    const breakStart = !churnAt && rnd.chance(1 / 3) ? start + Math.floor(rnd.next() * o.days) * DAY : null;
    const breakEnd = breakStart === null ? null : breakStart + rnd.int(7, 20) * DAY;
    for (let day = Math.floor((signupAt.getTime() - start) / DAY); day < o.days; day++) {
      const dayStart = start + day * DAY;
      if (churnAt && dayStart >= churnAt.getTime()) break;
      const onBreak = breakStart !== null && dayStart >= breakStart && dayStart < breakEnd!;
      // 1 outside the decline; falls linearly to 0.3 at the churn instant.
      const decline = churnAt && warns ? Math.min(1, Math.max(0, (churnAt.getTime() - dayStart) / (DECLINE_DAYS * DAY))) : 1;
      const declining = decline < 1;
      const sessions = onBreak ? 0 : rnd.poisson(baseRate * (0.3 + 0.7 * decline));
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
          if (rnd.chance(declining ? 0.2 : 0.03)) push("error", { code: "timeout" });
          else push("message_sent");
        }
        if (rnd.chance(0.3)) {
          t += 5_000;
          push("feedback", { thumbs: rnd.chance(declining ? 0.45 : 0.15) ? "down" : "up" });
        }
      }
    }
  }
  return { users, events };
}
