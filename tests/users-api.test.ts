// The Users API (issue 13): list (search, sort, cursor paging), detail, the preference profile job, access by secret
// key or session, bad input, and erasure of every users table.
import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { bearer, call, seededDatabase } from "./support/fixtures";
import { rowsOf } from "@/db/client";
import * as ingest from "@/app/api/v1/ingest/route";
import * as list from "@/app/api/v1/users/route";
import * as detail from "@/app/api/v1/users/[userId]/route";
import * as traceSettings from "@/app/api/v1/trace-settings/route";
import { refreshProfileChunk } from "@/lib/users/refresh-profiles";
import { insertScores, scoreRow } from "@/lib/traces/store/scores";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const post = (batch: unknown[]) => call(ingest.POST, "/api/v1/ingest", { method: "POST", headers: key(), body: { batch } });
// The tests list the users seen in November 2026 (the API takes the Users page's range; without one it lists everyone).
const NOVEMBER = "from=2026-11-01&to=2026-11-30";
const getList = (qs: string, opts: { as?: string } = {}) => {
  const url = `/api/v1/users${qs}${/[?&](range|from|to)=/.test(qs) ? "" : `${qs ? "&" : "?"}${NOVEMBER}`}`;
  return call(list.GET, url, opts.as ? { as: opts.as } : { headers: key() });
};
const getUser = (userId: string, opts: { as?: string } = {}) =>
  call(detail.GET, `/api/v1/users/${userId}`, { params: { userId }, ...(opts.as ? { as: opts.as } : { headers: key() }) });
const NOW = new Date("2026-11-10T00:00:00Z");

beforeAll(async () => {
  const batch: unknown[] = [];
  // Five users seen on days 1..5; "mentor-fan" has traces with two personas, rated differently.
  for (let d = 1; d <= 5; d++) {
    batch.push({ id: `e${d}`, type: "event", timestamp: `2026-11-0${d}T10:00:00Z`, body: { name: "message_sent", userId: `user-${d}`, sessionId: `s${d}` } });
  }
  batch.push({ id: "id-3", type: "identify", timestamp: "2026-11-03T10:00:00Z", body: { userId: "user-3", traits: { email: "three@example.com", plan: "pro" } } });
  for (let i = 0; i < 6; i++) {
    const persona = i < 4 ? "mentor" : "critic";
    batch.push({ id: `t${i}`, type: "trace-create", timestamp: `2026-11-09T0${i}:30:00Z`, body: { name: i % 2 ? "career-advice" : "code-review", userId: "mentor-fan", sessionId: "fan-s1", tags: ["concise"], metadata: { persona } } });
  }
  batch.push({ id: "fb1", type: "event", timestamp: "2026-11-09T08:00:00Z", body: { name: "feedback", userId: "mentor-fan", properties: { thumbs: "up" } } });
  const res = await post(batch);
  expect(res.json.errors).toEqual([]);
  // Judge scores: the mentor persona's answers rated 0.9, the critic's 0.2.
  await insertScores(
    t.h.db,
    [0, 1, 2, 3, 4, 5].map((i) => scoreRow(t.org.project.id, `sc${i}`, { traceId: `t${i}`, name: "helpfulness", value: i < 4 ? 0.9 : 0.2 }, { source: "llm_judge", timestamp: NOW })),
  );
  while ((await refreshProfileChunk(t.h.db, t.org.project.id, NOW)) > 0);
});

describe("GET /api/v1/users", () => {
  test("lists the users seen in the time range only, and refuses a bad range naming the field", async () => {
    // 2026-11-04 to 2026-11-05, the end day included: users 4 and 5 (user-3 was last seen on the 3rd, mentor-fan first on the 9th).
    const window = await getList("?from=2026-11-04&to=2026-11-05");
    expect(window.status).toBe(200);
    expect(window.json.items.map((u: { userId: string }) => u.userId)).toEqual(["user-5", "user-4"]);
    // Without a range the API lists every user (a directory); the page always passes its range.
    const all = await call(list.GET, "/api/v1/users?limit=100", { headers: key() });
    expect(all.status).toBe(200);
    expect(all.json.items.map((u: { userId: string }) => u.userId)).toEqual(expect.arrayContaining(["user-3", "user-4", "user-5", "mentor-fan"]));
    const bad = await getList("?range=14d");
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error)).toContain("range");
  });

  test("sorted by last seen (default, newest first) with cursor paging that visits every user once", async () => {
    const first = await getList("?limit=4");
    expect(first.status).toBe(200);
    expect(first.json.items.map((u: { userId: string }) => u.userId)).toEqual(["mentor-fan", "user-5", "user-4", "user-3"]);
    const second = await getList(`?limit=4&cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((u: { userId: string }) => u.userId)).toEqual(["user-2", "user-1"]);
    expect(second.json.nextCursor).toBeNull();
    const oldest = await getList("?sort=firstSeen&order=asc&limit=1");
    expect(oldest.json.items[0]).toMatchObject({ userId: "user-1", firstSeenAt: "2026-11-01T10:00:00.000Z" });
  });

  test("sorts by traces and cost from the profile, and searches ids and (masked) emails", async () => {
    const byTraces = await getList("?sort=traces&limit=1");
    expect(byTraces.json.items[0]).toMatchObject({ userId: "mentor-fan", traces: 6, sessions: 1, events: 1 });
    const search = await getList("?search=user-");
    expect(search.json.items).toHaveLength(5);
    expect((await getList("?search=three@example.com")).json.items).toEqual([]);
    expect((await getList("?search=USER-3")).json.items[0]).toMatchObject({ userId: "user-3", plan: "pro", email: "[EMAIL]" });
  });

  test("bad input is a 400 naming the field", async () => {
    for (const [qs, field] of [["?sort=bogus", "sort"], ["?limit=0", "limit"], ["?order=up", "order"], ["?cursor=nope", "cursor"], ["?risk=low", "risk"]]) {
      const res = await getList(qs);
      expect(res.status, qs).toBe(400);
      expect(res.json.error.message.startsWith(`${field}:`), res.json.error.message).toBe(true);
    }
  });

  test("before any churn model, sorting or filtering by churn risk lists nobody and every risk is null", async () => {
    expect((await getList("?sort=churnRisk")).json.items).toEqual([]);
    expect((await getList("?risk=high")).json.items).toEqual([]);
    expect((await getList("")).json.items.every((u: { churnRisk: unknown }) => u.churnRisk === null)).toBe(true);
  });

  test("a secret key or a session with users:read; members and strangers are refused", async () => {
    expect((await getList("", { as: t.org.users.viewer.id })).status).toBe(200);
    expect((await getList("", { as: t.org.users.member.id })).status).toBe(403);
    expect((await call(list.GET, "/api/v1/users")).status).toBe(401);
    expect((await call(list.GET, "/api/v1/users", { headers: bearer("sk-prism-unknown") })).status).toBe(401);
  });
});

describe("GET /api/v1/users/{userId}", () => {
  test("traits, counts, cost, scores, the preference profile and the timeline", async () => {
    const res = await getUser("mentor-fan", { as: t.org.users.viewer.id });
    expect(res.status).toBe(200);
    const u = res.json;
    expect(u.counts).toEqual({ events: 1, sessions: 1, traces: 6 });
    expect(u.scores).toEqual([{ name: "helpfulness", count: 6, mean: expect.closeTo((4 * 0.9 + 2 * 0.2) / 6, 9) }]);
    // More used and better rated: the mentor persona is preferred on satisfaction.
    expect(u.profile.preferredPersona).toEqual({ persona: "mentor", basis: "satisfaction" });
    expect(u.profile.personas).toEqual([
      { persona: "mentor", traces: 4, satisfaction: expect.closeTo(0.9, 9), scored: 4 },
      { persona: "critic", traces: 2, satisfaction: expect.closeTo(0.2, 9), scored: 2 },
    ]);
    expect(u.profile.responseStyles).toEqual([{ value: "concise", count: 6, share: 1 }]);
    expect(u.profile.intents.map((i: { value: string; share: number }) => [i.value, i.share])).toEqual([["career-advice", 0.5], ["code-review", 0.5]]);
    expect(u.profile.activeHours[0]).toBe(1);
    expect(u.profile.peakHour).toBe(0);
    expect(u.profile.feedback).toMatchObject({ thumbsUp: 1, thumbsDown: 0 });
    // One active day, 7 actions, seen a day before NOW, one feedback: 40*1/20 + 30*log10(8)/2 + 20*(1-0.625/30) + 10/3.
    expect(u.profile.engagementScore).toBe(Math.round(2 + 15 * Math.log10(8) + 20 * (1 - (15 / 24) / 30) + 10 / 3));
    expect(u.timeline[0]).toMatchObject({ kind: "event", name: "feedback", at: "2026-11-09T08:00:00.000Z" });
    expect(u.timeline.filter((e: { kind: string }) => e.kind === "trace")).toHaveLength(6);
    expect(u.spectrum).toMatchObject({ sessions: 0, insights: 0, linkedMember: false });
  });

  test("an unknown user is a 404", async () => {
    expect((await getUser("nobody")).status).toBe(404);
  });

  test("erasure removes the user from end_users, profiles, trait history and the identify ledger", async () => {
    const tables = ["end_users", "end_user_profiles", "end_user_trait_changes", "end_user_identifies"];
    const count = async (table: string) =>
      Number(rowsOf<{ n: number }>(await t.h.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where project_id = ${t.org.project.id} and user_id = 'user-3'`))[0].n);
    for (const table of tables) expect(await count(table), table).toBeGreaterThan(0);
    const erased = await call(detail.DELETE, "/api/v1/users/user-3", { method: "DELETE", params: { userId: "user-3" }, headers: key() });
    expect(erased.status).toBe(200);
    for (const table of tables) expect(await count(table), table).toBe(0);
    expect((await getUser("user-3")).status).toBe(404);
  });
});

describe("persona dimension", () => {
  test("is configurable per project; traces without it count under their name", async () => {
    const owner = t.org.users.owner.id;
    const current = (await call(traceSettings.GET, "/api/v1/trace-settings", { as: owner })).json.settings;
    expect(current.personaDimension).toBe("persona");
    const bad = await call(traceSettings.PUT, "/api/v1/trace-settings", { method: "PUT", as: owner, body: { sampleRate: 1, masking: current.masking, personaDimension: " " } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/^personaDimension:/);
    const put = await call(traceSettings.PUT, "/api/v1/trace-settings", { method: "PUT", as: owner, body: { sampleRate: 1, masking: current.masking, personaDimension: "assistant" } });
    expect(put.json.settings.personaDimension).toBe("assistant");
    await post([
      { id: "d1", type: "trace-create", timestamp: "2026-11-09T10:00:00Z", body: { name: "chat", userId: "dim-user", metadata: { assistant: "tutor", persona: "ignored" } } },
      { id: "d2", type: "trace-create", timestamp: "2026-11-09T11:00:00Z", body: { name: "chat", userId: "dim-user" } },
    ]);
    while ((await refreshProfileChunk(t.h.db, t.org.project.id, NOW)) > 0);
    const personas = (await getUser("dim-user")).json.profile.personas.map((p: { persona: string }) => p.persona).sort();
    expect(personas).toEqual(["chat", "tutor"]);
  });
});
