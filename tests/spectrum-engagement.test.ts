import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { call, seededDatabase, seedOrg } from "./support/fixtures";
import { endUsers, events, spectrumEngagementEvents, spectrumSessions } from "@/db/schema";
import * as engagement from "@/app/api/v1/spectrum/me/engagement/route";
import * as reset from "@/app/api/v1/spectrum/me/reset/route";
import { spectrumEngagement } from "@/lib/spectrum/store/engagement";

const t = seededDatabase();
const DAY = 86_400_000;
const t0 = new Date("2026-10-05T10:00:00Z");
const at = (days: number) => new Date(t0.getTime() + days * DAY);

describe("Spectrum engagement", () => {
  test("the member page records kinds only; resets are recorded by their route; unknown kinds are refused", async () => {
    const org = await seedOrg(t.h.db); // an organization of its own: the other tests here record events for the shared one
    const member = org.users.member.id;
    expect((await call(engagement.POST, "/x", { method: "POST", as: member, body: { kind: "page_view" } })).status).toBe(201);
    expect((await call(engagement.POST, "/x", { method: "POST", as: member, body: { kind: "teaser_view" } })).status).toBe(201);
    const bad = await call(engagement.POST, "/x", { method: "POST", as: member, body: { kind: "typed_text", text: "hello" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/kind/);
    expect((await call(reset.POST, "/x", { method: "POST", as: member, body: {} })).status).toBe(200);
    const rows = await t.h.db.select().from(spectrumEngagementEvents).where(eq(spectrumEngagementEvents.projectId, org.project.id));
    expect(rows.map((r) => [r.userId, r.kind]).sort()).toEqual([["end_user_1", "page_view"], ["end_user_1", "reset"], ["end_user_1", "teaser_view"]]);
  });

  test("teaser conversion and retention of Spectrum users vs others are computed from the data", async () => {
    const p = t.org.project.id;
    await t.h.db.delete(spectrumEngagementEvents).where(eq(spectrumEngagementEvents.projectId, p));
    await t.h.db.insert(endUsers).values(["eu_a", "eu_b", "eu_c"].map((userId) => ({ projectId: p, userId, plan: "free", signupAt: at(-30) })));
    // a and c use Spectrum (page views); b never opens it. a comes back in week 1 and 2, c in week 2, b never.
    await t.h.db.insert(spectrumSessions).values([
      { projectId: p, id: "ra1", userId: "eu_a", startedAt: at(0) },
      { projectId: p, id: "ra2", userId: "eu_a", startedAt: at(8) },
      { projectId: p, id: "rb1", userId: "eu_b", startedAt: at(0) },
      { projectId: p, id: "rc1", userId: "eu_c", startedAt: at(1) },
    ]);
    await t.h.db.insert(events).values({ projectId: p, id: "ev-a-15", userId: "eu_a", name: "message_sent", timestamp: at(15) });
    await t.h.db.insert(events).values({ projectId: p, id: "ev-c-16", userId: "eu_c", name: "message_sent", timestamp: at(16) });
    // d never used Spectrum: their first session is a product `session_started` event; back in week 1.
    await t.h.db.insert(events).values([
      { projectId: p, id: "ev-d-0", userId: "eu_d", name: "session_started", timestamp: at(0) },
      { projectId: p, id: "ev-d-9", userId: "eu_d", name: "message_sent", timestamp: at(9) },
    ]);
    await t.h.db.insert(spectrumEngagementEvents).values([
      { projectId: p, userId: "eu_a", kind: "page_view", occurredAt: at(1) },
      { projectId: p, userId: "eu_a", kind: "teaser_view", occurredAt: at(1) },
      { projectId: p, userId: "eu_c", kind: "page_view", occurredAt: at(2) },
      { projectId: p, userId: "eu_c", kind: "teaser_view", occurredAt: at(2) },
    ]);
    // a upgrades after the teaser; c's upgrade happened before it, so it does not count.
    await t.h.db.insert(events).values([
      { projectId: p, id: "up-a", userId: "eu_a", name: "plan_upgraded", timestamp: at(4) },
      { projectId: p, id: "up-c", userId: "eu_c", name: "plan_upgraded", timestamp: at(1) },
    ]);
    const e = await spectrumEngagement(t.h.db, p, { from: at(0), to: at(30) }, at(30));
    expect(e.teaser).toEqual({ viewers: 2, upgraded: 1, conversion: 0.5 });
    expect(e.byKind.find((k) => k.kind === "page_view")).toEqual({ kind: "page_view", events: 2, users: 2 });
    const week = (n: number) => e.retention.find((r) => r.week === n)!;
    expect(week(1).spectrum).toEqual({ eligible: 2, retained: 1, share: 0.5 });
    expect(week(1).others).toEqual({ eligible: 2, retained: 1, share: 0.5 });
    expect(week(2).spectrum).toEqual({ eligible: 2, retained: 2, share: 1 });
    // Week 4 ends after "now" for everybody: nobody is counted, so no share is shown.
    expect(week(4).spectrum).toEqual({ eligible: 0, retained: 0, share: null });
    // The counts follow the dashboard's range: a window that starts after a's teaser view counts only c's.
    const later = await spectrumEngagement(t.h.db, p, { from: at(2), to: at(30) }, at(30));
    expect(later.teaser).toEqual({ viewers: 1, upgraded: 0, conversion: 0 });
    expect(later.byKind.find((k) => k.kind === "page_view")).toEqual({ kind: "page_view", events: 1, users: 1 });
    expect(later.retention).toEqual(e.retention);
    const [plan] = await t.h.db.select().from(endUsers).where(and(eq(endUsers.projectId, p), eq(endUsers.userId, "eu_b")));
    expect(plan.plan).toBe("free");
  });
});
