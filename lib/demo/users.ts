// The demo's end users enter through the same `identify` item type as a customer's (validation, masking, trait
// history): traits at signup, then a few plan upgrades during the demo window, so experiment results split users by
// the plan they had when exposed and the Users page shows true trait histories.
import type { Db } from "@/db/client";
import { createRandom } from "@/lib/primitives/random";
import { identifyIngestType } from "@/lib/users/identify-type";
import { addSighting, type Sightings } from "@/lib/users/sightings";
import { recordSightings } from "@/lib/users/store/sightings";
import type { DemoEndUser, DemoEvent } from "./generate";

const DAY = 86_400_000;
const companySizes = ["1-10", "11-50", "51-200", "201-1000"] as const;

type Identify = { id: string; timestamp: Date; body: unknown };

/**
 * Identify items: each user at signup (plan, country, signup date, a masked email and a free-form company size),
 * and about 4% of free users upgrading to pro on a day of the window (from a random stream of their own, so the
 * rest of the demo data is unchanged). The upgrade time is never before the user's signup.
 */
export function demoIdentifies(users: DemoEndUser[], firstDay: Date, until: Date, seed = 42): Identify[] {
  const rnd = createRandom(seed * 31 + 7);
  const items: Identify[] = [];
  for (const u of users) {
    items.push({
      id: `demo-identify-${u.userId}`,
      timestamp: u.signupAt,
      body: {
        userId: u.userId,
        traits: { plan: u.plan, country: u.country, email: `${u.userId}@example.com`, companySize: rnd.pick(companySizes) },
        traitsOnce: { signupAt: u.signupAt.toISOString() },
      },
    });
    if (u.plan === "free" && rnd.chance(0.04)) {
      const from = Math.max(firstDay.getTime(), u.signupAt.getTime() + DAY);
      const at = new Date(from + Math.floor(rnd.next() * Math.max(0, until.getTime() - from)));
      if (at < until) items.push({ id: `demo-upgrade-${u.userId}`, timestamp: at, body: { userId: u.userId, traits: { plan: "pro" } } });
    }
  }
  return items;
}

/** Writes the identifies through the identify item type (validated like an API batch), then the events' sightings. */
export async function seedDemoUsers(db: Db, projectId: string, items: Identify[], events: DemoEvent[]) {
  const parsed = items.map((i) => ({ ...i, body: identifyIngestType.body.parse(i.body) }));
  for (let i = 0; i < parsed.length; i += 1000) await identifyIngestType.write(db, projectId, parsed.slice(i, i + 1000));
  const seen: Sightings = new Map();
  for (const e of events) addSighting(seen, e.userId, e.timestamp);
  await recordSightings(db, projectId, seen);
}

/** One more upgrade through the same path (the Spectrum teaser story in spectrum-engagement.ts). */
export async function identifyDemoUpgrade(db: Db, projectId: string, userId: string, at: Date) {
  await seedDemoUsers(db, projectId, [{ id: `demo-teaser-upgrade-${userId}`, timestamp: at, body: { userId, traits: { plan: "pro" } } }], []);
}
