import { createRandom } from "@/lib/primitives/random";
import { demoExperimentPlan, demoExposures } from "@/lib/demo/experiments";

export interface DemoEndUser {
  userId: string;
  plan: "free" | "pro" | "team";
  signupAt: Date;
  country: string;
}

export interface DemoEvent {
  id: string;
  userId: string;
  sessionId: string;
  name: "session_started" | "message_sent" | "feedback" | "error";
  timestamp: Date;
  properties: Record<string, unknown>;
}

export interface DemoIncident {
  day: number;
  kind: "error_spike" | "traffic_drop";
  description: string;
}

export interface DemoOptions {
  seed?: number;
  /**
   * The last generated day (UTC midnight); defaults to the day of `now`, else today. Same seed + same anchor = same
   * data: every row the demo seeds (traces and their scores too) and every set-up pass is as of `generatedUntil`.
   */
  anchor?: Date;
  /**
   * Nothing is generated after this instant (the demo's clock, `generatedUntil`): defaults to the end of the anchor
   * day when an anchor is given, else to the wall clock (the only place the demo reads it).
   */
  now?: Date;
  days?: number;
  users?: number;
}

const DAY = 86_400_000;
const countries = ["US", "GB", "DE", "FR", "IN", "BR", "CA", "NL", "ES", "JP"] as const;
// Share of a day's sessions starting in each UTC hour: quiet nights, busy working hours.
const hourProfile = [1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 7, 8, 8, 8, 7, 6, 5, 4, 3, 2, 2, 1];
const hourTotal = hourProfile.reduce((a, b) => a + b, 0);

export function utcMidnight(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** The incidents the generator injects, as days before the anchor, so later features can find them. */
export function demoIncidents(): DemoIncident[] {
  return [
    { day: 12, kind: "error_spike", description: "Model provider errors: error rate about 6x normal for a day" },
    { day: 26, kind: "traffic_drop", description: "Partial outage: sessions down about 60% for a day" },
  ];
}

/**
 * Deterministic demo dataset: end users with plans and signup dates, and their product events with daily and
 * weekly seasonality, slow growth and the incidents above.
 */
export function generateDemoData(options: DemoOptions = {}) {
  const rnd = createRandom(options.seed ?? 42);
  const wallClock = options.anchor || options.now ? undefined : new Date();
  const anchor = utcMidnight(options.anchor ?? options.now ?? wallClock!);
  const days = options.days ?? 60;
  const userCount = options.users ?? 500;
  const first = anchor.getTime() - (days - 1) * DAY;
  const end = (options.now ?? wallClock ?? new Date(anchor.getTime() + DAY)).getTime();
  const incidents = new Map(demoIncidents().map((i) => [anchor.getTime() - i.day * DAY, i.kind]));
  // The demo prompt experiment changes only the thumbs-up probability, so every other number stays the same.
  const experimentPlan = demoExperimentPlan(anchor);

  const endUsers: DemoEndUser[] = [];
  for (let i = 1; i <= userCount; i++) {
    endUsers.push({
      userId: `user_${String(i).padStart(4, "0")}`,
      plan: rnd.weighted({ free: 70, pro: 25, team: 5 }),
      signupAt: new Date(first - 60 * DAY + Math.floor(rnd.next() * (days + 55) * DAY)),
      country: rnd.pick(countries),
    });
  }

  const events: DemoEvent[] = [];
  const sessionsPerDay = { free: 0.12, pro: 0.35, team: 0.5 };
  for (let d = 0; d < days; d++) {
    const dayStart = first + d * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const weekly = weekday === 0 || weekday === 6 ? 0.55 : 1;
    const growth = 0.8 + 0.4 * (d / days);
    const incident = incidents.get(dayStart);
    const volume = weekly * growth * (incident === "traffic_drop" ? 0.4 : 1);
    const errorRate = incident === "error_spike" ? 0.18 : 0.03;
    for (const user of endUsers) {
      if (user.signupAt.getTime() > dayStart + DAY) continue;
      const sessions = rnd.poisson(sessionsPerDay[user.plan] * volume);
      for (let s = 0; s < sessions; s++) {
        const sessionId = `s_${user.userId}_${d}_${s}`;
        let hour = 0;
        for (let r = rnd.next() * hourTotal; hour < 23 && (r -= hourProfile[hour]) >= 0; ) hour++;
        let t = dayStart + hour * 3_600_000 + Math.floor(rnd.next() * 3_600_000);
        const push = (name: DemoEvent["name"], properties: Record<string, unknown> = {}) =>
          events.push({ id: `${sessionId}_${events.length}`, userId: user.userId, sessionId, name, timestamp: new Date(t), properties });
        push("session_started", { plan: user.plan });
        const messages = 1 + rnd.poisson(3);
        for (let m = 0; m < messages; m++) {
          t += 5_000 + Math.floor(rnd.next() * 90_000);
          if (rnd.chance(errorRate)) push("error", { code: rnd.pick(["rate_limited", "timeout", "provider_error"]) });
          else push("message_sent", { latencyMs: Math.round(600 + rnd.next() * 2400) });
        }
        if (rnd.chance(0.3)) {
          t += 10_000;
          const happy = rnd.chance(incident === "error_spike" ? 0.45 : experimentPlan.thumbsUpProbability(user.userId, t));
          push("feedback", { thumbs: happy ? "up" : "down" });
        }
      }
    }
  }
  // The same random stream whatever the time of day (so a seed is reproducible); only the future is cut off.
  const past = events.filter((e) => e.timestamp.getTime() <= end);
  const exposures = demoExposures(past, experimentPlan.start);
  return { anchor, firstDay: new Date(first), generatedUntil: new Date(end), endUsers, events: past, incidents: demoIncidents(), experimentStart: experimentPlan.start, exposures };
}
