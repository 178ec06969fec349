import { expect, test } from "vitest";
import { generateDemoData } from "./generate";

const anchor = new Date("2026-11-01T00:00:00Z");

test("the same seed and anchor give the same data; another seed does not", () => {
  const a = generateDemoData({ anchor, users: 80, days: 20 });
  const b = generateDemoData({ anchor, users: 80, days: 20 });
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  const c = generateDemoData({ anchor, users: 80, days: 20, seed: 7 });
  expect(JSON.stringify(c.events)).not.toBe(JSON.stringify(a.events));
});

test("weekdays are busier than weekends and the injected incidents show", () => {
  const { events } = generateDemoData({ anchor, days: 42 });
  const byDay = new Map<string, { sessions: number; errors: number; messages: number }>();
  for (const e of events) {
    const day = e.timestamp.toISOString().slice(0, 10);
    const d = byDay.get(day) ?? { sessions: 0, errors: 0, messages: 0 };
    if (e.name === "session_started") d.sessions++;
    if (e.name === "error") d.errors++;
    if (e.name === "message_sent") d.messages++;
    byDay.set(day, d);
  }
  const days = [...byDay.entries()].filter(([day]) => day < "2026-10-19" || day > "2026-10-20");
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const weekend = mean(days.filter(([d]) => [0, 6].includes(new Date(d).getUTCDay())).map(([, v]) => v.sessions));
  const weekday = mean(days.filter(([d]) => ![0, 6].includes(new Date(d).getUTCDay())).map(([, v]) => v.sessions));
  expect(weekend / weekday).toBeLessThan(0.75);
  const spike = byDay.get("2026-10-20")!; // anchor - 12 days
  const drop = byDay.get("2026-10-06")!; // anchor - 26 days
  const errorRate = (d: { errors: number; messages: number }) => d.errors / (d.errors + d.messages);
  expect(errorRate(spike)).toBeGreaterThan(0.1);
  expect(drop.sessions).toBeLessThan(weekday * 0.6);
});

test("nothing is generated in the future: events and exposures stop at `now`", () => {
  const now = new Date("2026-11-01T09:30:00Z");
  const { events, exposures } = generateDemoData({ anchor, now, users: 120, days: 10 });
  const latest = Math.max(...events.map((e) => e.timestamp.getTime()));
  expect(latest).toBeLessThanOrEqual(now.getTime());
  expect(latest).toBeGreaterThan(now.getTime() - 6 * 3_600_000); // the morning of the last day is there
  for (const x of exposures) expect(x.firstExposedAt.getTime()).toBeLessThanOrEqual(now.getTime());
});
