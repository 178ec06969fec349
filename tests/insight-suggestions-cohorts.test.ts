// The cohort return rule on a real database: generated weekly activity where one saved cohort's users stop coming
// back in the latest complete week and another's do not; the rule reads both through the retention insight.
import { beforeAll, expect, test } from "vitest";
import { seededDatabase } from "./support/fixtures";
import { endUsers, events } from "@/db/schema";
import { createCohort } from "@/lib/cohorts/store/cohorts";
import { refreshCohort } from "@/lib/cohorts/store/refresh";
import { runSuggestions } from "@/lib/insights/suggestions/run";
import { listSuggestions } from "@/lib/insights/store/suggestions";
import { createRandom } from "@/lib/primitives/random";

const t = seededDatabase();
const DAY = 86_400_000;
// A Monday: the latest complete week pair is 16 Nov (active) → 23 Nov (back); the four pairs before it are the baseline.
const now = new Date("2026-11-30T12:00:00Z");
const weeks = ["2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"].map((d) => new Date(`${d}T00:00:00Z`).getTime());
const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);
const fading = users("fading", 200);
const steady = users("steady", 150);
let fadingId = "";
let steadyId = "";

beforeAll(async () => {
  const projectId = t.org.project.id;
  const rnd = createRandom(5);
  await t.h.db.insert(endUsers).values([...fading, ...steady].map((userId) => ({ projectId, userId, firstSeenAt: new Date(weeks[0]), lastSeenAt: now })));
  const rows = [];
  for (const [w, start] of weeks.entries()) {
    for (const userId of [...fading, ...steady]) {
      // Everyone comes every week, except that in the last week 60% of the fading cohort stay away.
      const here = w < weeks.length - 1 || !userId.startsWith("fading") ? rnd.chance(0.9) : rnd.chance(0.4);
      if (here) rows.push({ projectId, id: `${userId}-${w}`, userId, name: "message_sent", timestamp: new Date(start + 2 * DAY + rnd.int(0, 3 * DAY)) });
    }
  }
  await t.h.db.insert(events).values(rows);
  fadingId = (await createCohort(t.h.db, projectId, { name: "Fading", definition: { static: fading } })).id;
  steadyId = (await createCohort(t.h.db, projectId, { name: "Steady", definition: { static: steady } })).id;
  await refreshCohort(t.h.db, projectId, fadingId, now);
  await refreshCohort(t.h.db, projectId, steadyId, now);
}, 60_000);

test("the cohort whose users stopped coming back is flagged with its counts; the steady one is not", async () => {
  const run = await runSuggestions(t.h.db, t.org.project.id, now);
  expect(run.byRule).toEqual({ "cohort-retention": 1 });
  const [s] = await listSuggestions(t.h.db, t.org.project.id, "current");
  expect(s).toMatchObject({ key: `cohort-retention:${fadingId}`, evidence: { cohort: "Fading", event: "message_sent", week: "2026-11-16T00:00:00.000Z" } });
  // Active in the week of 16 Nov ≈ 90% of 200; back the next week ≈ 40% of them, against ≈ 90% before.
  expect(s.evidence.active).toBeGreaterThan(160);
  expect(Number(s.evidence.returnRate)).toBeLessThan(0.5);
  expect(Number(s.evidence.baselineReturnRate)).toBeGreaterThan(0.85);
  expect(Number(s.evidence.baselineActive)).toBeGreaterThan(4 * 160);
  expect(steadyId).not.toBe(fadingId);
});
