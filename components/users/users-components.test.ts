// The Users components render what the API returns, and nothing invented: a user the profile job has not reached
// shows dashes (not zeros), the profile names its persona and why, and only traces link to the trace page.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { computeProfile, type ProfileInputs } from "@/lib/users/profile";
import { UsersTable } from "./users-table";
import { UserProfile } from "./user-profile";
import { UserTimeline } from "./user-timeline";

const NOW = new Date("2026-11-10T00:00:00Z");
const inputs: ProfileInputs = {
  userId: "u1",
  lastSeenAt: new Date("2026-11-09T00:00:00Z"),
  eventCount: 0,
  sessionCount: 1,
  traceCount: 3,
  costUsd: 0.5,
  personas: [
    { persona: "coach", traces: 2, scoreSum: 0.4, scored: 2 },
    { persona: "mentor", traces: 1, scoreSum: 0, scored: 0 },
  ],
  tags: [{ value: "concise", count: 3 }],
  names: [{ value: "career-advice", count: 3 }],
  hours: Array.from({ length: 24 }, (_, h) => (h === 9 ? 3 : 0)),
  feedback: { thumbsUp: 1, thumbsDown: 0, ratings: 0, ratingSum: 0, comments: 0 },
  recent: { activeDays: 1, actions: 3, feedback: 1 },
};

describe("users components", () => {
  it("the list shows dashes for a user the profile job has not reached, and links each user", () => {
    const html = renderToStaticMarkup(
      createElement(UsersTable, {
        items: [{ userId: "new user", plan: null, country: null, email: null, firstSeenAt: null, lastSeenAt: null, traces: null, events: null, sessions: null, costUsd: null, engagementScore: null, profileComputedAt: null, churnRisk: null }],
      }),
    );
    expect(html).toContain('href="/users/new%20user"');
    expect(html).not.toMatch(/>0</);
    expect(html.match(/—/g)!.length).toBe(9);
  });

  it("churn risk is a percentage, in bold from the high-risk threshold, and the column links to the churn model", () => {
    const row = { userId: "u", plan: null, country: null, email: null, firstSeenAt: null, lastSeenAt: null, traces: null, events: null, sessions: null, costUsd: null, engagementScore: null, profileComputedAt: null };
    const html = renderToStaticMarkup(createElement(UsersTable, { items: [{ ...row, churnRisk: 0.72 }, { ...row, userId: "v", churnRisk: 0.1 }] }));
    expect(html).toContain('href="/users/churn"');
    expect(html).toContain("<strong>72.0%</strong>");
    expect(html).toMatch(/>10\.0%</);
  });

  it("the profile names the preferred persona by usage when scores are too few, and the engagement parts", () => {
    const profile = { ...computeProfile(inputs, NOW), computedAt: NOW.toISOString(), engagementScore: computeProfile(inputs, NOW).engagement.score };
    const html = renderToStaticMarkup(createElement(UserProfile, { profile }));
    expect(html).toContain("<strong>coach</strong>");
    expect(html).toContain("most use; too few scores");
    expect(html).toContain(`${profile.engagementScore} / 100`);
    expect(html).toContain("career-advice");
  });

  it("the timeline links traces only", () => {
    const html = renderToStaticMarkup(
      createElement(UserTimeline, {
        timeline: [
          { kind: "trace", id: "t/1", name: "chat", at: NOW.toISOString(), sessionId: null },
          { kind: "feedback", id: "f1", name: "rating 5", at: NOW.toISOString(), sessionId: "s1" },
        ],
      }),
    );
    expect(html).toContain('href="/traces/t%2F1"');
    expect(html.match(/href=/g)).toHaveLength(1);
    expect(html).toContain("rating 5");
  });
});
