// Prompt management through the real route handlers: immutable versions, labels that move, ETag/304 for SDKs, the
// diff, the audit trail, API-key access, per-version production figures, and bad input naming the field.
import { describe, expect, test } from "vitest";
import { and, eq } from "drizzle-orm";
import { bearer, call, seededDatabase, seedOrg } from "./support/fixtures";
import { auditLog, observations, promptVersions, scores, traceSentiment, traces } from "@/db/schema";
import * as list from "@/app/api/v1/prompts/route";
import * as one from "@/app/api/v1/prompts/[name]/route";
import * as versions from "@/app/api/v1/prompts/[name]/versions/route";
import * as labels from "@/app/api/v1/prompts/[name]/versions/[version]/route";
import * as diff from "@/app/api/v1/prompts/[name]/diff/route";

const t = seededDatabase();
const key = () => bearer(t.org.apiKey.secretKey);
const create = (body: unknown, as?: string) =>
  call(list.POST, "/api/v1/prompts", { method: "POST", body, ...(as ? { as } : { headers: key() }) });
const get = (name: string, qs = "", headers: Record<string, string> = {}) =>
  call(one.GET, `/api/v1/prompts/${name}${qs}`, { params: { name }, headers: { ...key(), ...headers } });
const move = (name: string, version: number, body: unknown, as?: string) =>
  call(labels.PATCH, `/x`, { method: "PATCH", params: { name, version: String(version) }, body, ...(as ? { as } : { headers: key() }) });

describe("prompt versions", () => {
  test("each POST makes a new numbered version; the API key and an analyst both may; `latest` follows the newest", async () => {
    const v1 = await create({ name: "support", type: "text", prompt: "Answer {{question}} politely.", labels: ["production"], config: { model: "gpt-4o-mini", temperature: 0.2 } });
    expect(v1.status).toBe(201);
    expect(v1.json).toMatchObject({ name: "support", version: 1, type: "text", labels: ["latest", "production"], variables: ["question"], config: { model: "gpt-4o-mini" } });
    const v2 = await create({ name: "support", prompt: "Answer {{question}} briefly, citing {{source}}." }, t.org.users.analyst.id);
    expect(v2.status).toBe(201);
    expect(v2.json).toMatchObject({ version: 2, type: "text", labels: ["latest"], variables: ["question", "source"], createdBy: t.org.users.analyst.email });

    expect((await get("support")).json).toMatchObject({ version: 1, prompt: "Answer {{question}} politely." });
    expect((await get("support", "?label=latest")).json.version).toBe(2);
    expect((await get("support", "?version=2")).json.prompt).toBe("Answer {{question}} briefly, citing {{source}}.");
    expect((await get("support", "?label=staging")).status).toBe(404);
    expect((await get("nope")).status).toBe(404);
  });

  test("chat prompts keep their messages; versions are never edited (no update path, rows unchanged)", async () => {
    const messages = [
      { role: "system", content: "You are {{persona}}." },
      { role: "user", content: "{{question}}" },
    ];
    const v1 = await create({ name: "chatty", type: "chat", prompt: messages, labels: ["production"] });
    expect(v1.json).toMatchObject({ type: "chat", prompt: messages, variables: ["persona", "question"] });
    await create({ name: "chatty", type: "chat", prompt: [{ role: "system", content: "Changed" }] });
    const [row] = await t.h.db.select().from(promptVersions).where(eq(promptVersions.version, 1)).limit(1);
    expect(row).toBeDefined();
    expect((await get("chatty", "?version=1")).json.prompt).toEqual(messages);
    expect(Object.keys(labels)).toEqual(["PATCH"]); // labels move; content has no PATCH/PUT
    expect(Object.keys(one)).toEqual(["GET"]);
  });

  test("a label moves between versions; the move is audited with where it came from", async () => {
    const org = await seedOrg(t.h.db);
    const asAnalyst = org.users.analyst.id;
    await create({ name: "router", prompt: "v1", labels: ["production", "staging"] }, asAnalyst);
    await create({ name: "router", prompt: "v2" }, asAnalyst);
    const moved = await move("router", 2, { newLabels: ["production"] }, asAnalyst);
    expect(moved.status).toBe(200);
    expect(moved.json.labels).toEqual(["latest", "production"]);
    const listed = await call(list.GET, "/api/v1/prompts", { as: asAnalyst });
    expect(listed.json.data).toEqual([
      expect.objectContaining({ name: "router", versions: 2, latestVersion: 2, labels: [{ label: "production", version: 2 }, { label: "staging", version: 1 }] }),
    ]);
    const removed = await move("router", 1, { removeLabels: ["staging"] }, asAnalyst);
    expect(removed.json.labels).toEqual([]);

    const audit = await t.h.db.select().from(auditLog).where(and(eq(auditLog.orgId, org.org.id), eq(auditLog.action, "prompt.labels_moved")));
    expect(audit.map((a) => a.details)).toContainEqual(expect.objectContaining({ version: 2, moved: [{ label: "production", from: 1, to: 2 }] }));
    expect(audit[0]!.actorEmail).toBe(org.users.analyst.email);

    const history = await call(versions.GET, "/x", { params: { name: "router" }, as: org.users.viewer.id });
    expect(history.status).toBe(200);
    expect(history.json.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history.json.history.map((h: { action: string }) => h.action)).toEqual(["prompt.labels_moved", "prompt.labels_moved", "prompt.version_created", "prompt.version_created"]);
  });

  test("a label move to a missing version is a 404 and changes nothing", async () => {
    await create({ name: "stable", prompt: "only", labels: ["production"] });
    expect((await move("stable", 7, { newLabels: ["production"] })).status).toBe(404);
    expect((await get("stable")).json.version).toBe(1);
    const both = await move("stable", 1, { newLabels: ["staging"], removeLabels: ["staging"] });
    expect(both.status).toBe(400);
    expect(both.json.error.message).toMatch(/removeLabels/);
  });

  test("GET carries an ETag; a matching If-None-Match is a 304, and a label move changes the ETag", async () => {
    await create({ name: "cached", prompt: "one", labels: ["production"] });
    const first = await get("cached");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    const again = await get("cached", "", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.json).toBeUndefined();
    await create({ name: "cached", prompt: "two" });
    await move("cached", 2, { newLabels: ["production"] });
    const changed = await get("cached", "", { "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.json.prompt).toBe("two");
  });

  test("diff shows the changed lines between two versions", async () => {
    await create({ name: "diffed", prompt: "line one\nline two\n", config: { temperature: 0.2 } });
    await create({ name: "diffed", prompt: "line one\nline 2\n", config: { temperature: 0.7 } });
    const res = await call(diff.GET, "/x?from=1&to=2", { params: { name: "diffed" }, headers: key() });
    expect(res.status).toBe(200);
    expect(res.json.changed).toBe(true);
    expect(res.json.prompt).toEqual([
      { kind: "same", text: "line one\n" },
      { kind: "removed", text: "line two\n" },
      { kind: "added", text: "line 2\n" },
    ]);
    expect(res.json.config.filter((p: { kind: string }) => p.kind !== "same").map((p: { text: string }) => p.text.trim())).toEqual(['"temperature": 0.2', '"temperature": 0.7']);
  });
});

describe("access and validation", () => {
  test("viewers read but cannot create or move labels; another project's key sees nothing", async () => {
    await create({ name: "guarded", prompt: "x", labels: ["production"] });
    expect((await create({ name: "guarded", prompt: "y" }, t.org.users.viewer.id)).status).toBe(403);
    expect((await move("guarded", 1, { newLabels: ["staging"] }, t.org.users.viewer.id)).status).toBe(403);
    const other = await seedOrg(t.h.db);
    const res = await call(one.GET, "/x", { params: { name: "guarded" }, headers: bearer(other.apiKey.secretKey) });
    expect(res.status).toBe(404);
    expect((await call(one.GET, "/x", { params: { name: "guarded" }, headers: bearer("sk-prism-wrong") })).status).toBe(401);
  });

  test.each([
    [{ name: "", prompt: "x" }, "name"],
    [{ name: "ok", type: "text", prompt: "" }, "prompt"],
    [{ name: "ok", type: "chat", prompt: "not messages" }, "prompt"],
    [{ name: "ok", type: "chat", prompt: [{ role: "user" }] }, "prompt.0.content"],
    [{ name: "ok", prompt: "x", labels: ["latest"] }, "labels.0"],
    [{ name: "ok", prompt: "x", labels: ["Has Space"] }, "labels.0"],
    [{ name: "ok", type: "yaml", prompt: "x" }, "type"],
  ])("bad input %j is a 400 naming %s, and creates nothing", async (body, field) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(field);
    expect((await get("ok", "?label=latest")).status).toBe(404);
  });
});

describe("production figures per version", () => {
  test("traces linked by metadata or by an observation's attributes are counted per version with latency, cost, scores and sentiment", async () => {
    const org = await seedOrg(t.h.db);
    const p = org.project.id;
    const now = new Date();
    await t.h.db.insert(traces).values([
      { projectId: p, id: "t1", timestamp: now, metadata: { "prompt.name": "linked", "prompt.version": "1" }, latencyMs: 100, totalCost: 0.01 },
      { projectId: p, id: "t2", timestamp: now, metadata: { prompt: { name: "linked", version: 1 } }, latencyMs: 300, totalCost: 0.03 },
      { projectId: p, id: "t3", timestamp: now, metadata: {}, latencyMs: 50, totalCost: 0.002, level: "ERROR" },
      { projectId: p, id: "t4", timestamp: now, metadata: { "prompt.name": "other", "prompt.version": "1" }, latencyMs: 999 },
    ]);
    await t.h.db.insert(observations).values({ projectId: p, traceId: "t3", id: "o1", type: "generation", name: "llm", startTime: now, metadata: { "prompt.name": "linked", "prompt.version": "2" } });
    await t.h.db.insert(scores).values([
      { projectId: p, id: "s1", traceId: "t1", name: "helpful", value: 1, dataType: "numeric", source: "api", timestamp: now },
      { projectId: p, id: "s2", traceId: "t2", name: "helpful", value: 0, dataType: "numeric", source: "api", timestamp: now },
    ]);
    // End-user sentiment of t1 and t2 (t3 had no user text to analyse).
    const sentiment = (traceId: string, polarity: number, label: "positive" | "negative") =>
      ({ projectId: p, traceId, timestamp: now, polarity, label, analyzer: "test", observationCount: 0, commentCount: 0, analyzedAt: now });
    await t.h.db.insert(traceSentiment).values([sentiment("t1", 0.6, "positive"), sentiment("t2", -0.2, "negative")]);
    const analyst = org.users.analyst.id;
    await create({ name: "linked", prompt: "a" }, analyst);
    await create({ name: "linked", prompt: "b" }, analyst);
    const res = await call(versions.GET, "/x", { params: { name: "linked" }, as: analyst });
    expect(res.json.metrics).toEqual([
      { version: "2", traces: 1, avgLatencyMs: 50, p95LatencyMs: 50, avgCostUsd: 0.002, totalCostUsd: 0.002, errorRate: 1, scores: [], sentiment: { mean: null, n: 0, negativeShare: null } },
      { version: "1", traces: 2, avgLatencyMs: 200, p95LatencyMs: 290, avgCostUsd: 0.02, totalCostUsd: 0.04, errorRate: 0, scores: [{ name: "helpful", mean: 0.5, n: 2 }], sentiment: { mean: expect.closeTo(0.2, 12), n: 2, negativeShare: 0.5 } },
    ]);
  });

  test("Prism's Spectrum prompts are listed read-only", async () => {
    const res = await call(list.GET, "/api/v1/prompts", { headers: key() });
    const weekly = res.json.builtIn.find((b: { name: string }) => b.name === "spectrum-weekly");
    expect(weekly.versions[0]).toMatchObject({ version: "v1", purpose: "weekly insight card" });
    expect(weekly.versions[0].variables).toContain("sessionCount");
  });
});
