// The trace list, the session conversation and the trace viewer render what a reader needs: previews cut to one
// line with the rest on hover and the latency still the sixth column, turns in order linking to their traces, and
// the observation named by `?span=` selected on first paint.
import { describe, expect, it } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { TraceListItem } from "@/lib/traces/store/list-traces";
import { traceListQuerySchema } from "@/lib/traces/store/list-traces";
import type { SessionTurn } from "@/lib/traces/store/get-session";
import { TracesTable } from "./traces-table";
import { SessionConversation } from "./session-conversation";
import { TraceViewer } from "./trace-view";
import type { TraceView } from "./types";

const item = (over: Partial<TraceListItem>): TraceListItem => ({
  id: "t1",
  name: "chat",
  timestamp: new Date("2026-11-20T10:00:00Z"),
  userId: "user 7",
  sessionId: "s/1",
  environment: "production",
  release: null,
  version: null,
  tags: [],
  level: "DEFAULT",
  latencyMs: 1234,
  inputTokens: 1,
  outputTokens: 1,
  totalTokens: 2,
  totalCost: 0.001,
  observationCount: 2,
  input: null,
  output: null,
  ...over,
});

describe("TracesTable", () => {
  it("previews input and output on one line, the whole text on hover, and links user and session", () => {
    const long = "How do I move my subscription to the yearly plan without losing the credits I already bought?";
    const html = renderToStaticMarkup(
      createElement(TracesTable, { items: [item({ input: long, output: "Go to Billing." })], query: traceListQuerySchema.parse({}), params: "" }),
    );
    const headers = [...html.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, "").replace(/[▲▼]/g, "").trim());
    expect(headers).toEqual(["Time", "Name", "User", "Session", "Level", "Latency", "Tokens", "Cost", "Input", "Output", "Tags"]);
    const cells = [...html.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[0]);
    expect(cells[5]).toContain("1.23 s");
    expect(cells[8]).toContain(`title="${long}"`);
    expect(cells[8]).toMatch(/>How do I move my subscription to the yearly plan without losing the credits I…</);
    expect(cells[9]).toContain(">Go to Billing.<");
    expect(html).toContain('href="/users/user%207"');
    expect(html).toContain('href="/sessions/s%2F1"');
  });
});

const turn = (over: Partial<SessionTurn>): SessionTurn => ({
  traceId: "a",
  name: "chat",
  timestamp: new Date("2026-11-20T10:00:00Z"),
  level: "DEFAULT",
  latencyMs: 800,
  totalTokens: 10,
  totalCost: 0.002,
  input: "Hi",
  output: "Hello!",
  scores: [],
  sentiment: null,
  ...over,
});

describe("SessionConversation", () => {
  it("shows the turns in the order given, each with its words, answer, scores and sentiment and a link to its trace", () => {
    const html = renderToStaticMarkup(
      createElement(SessionConversation, {
        turns: [
          turn({ traceId: "a", input: "Where is my parcel?", output: "It left today.", sentiment: { label: "negative", polarity: -0.5 } }),
          turn({ traceId: "b", input: "Thanks", output: null, scores: [{ name: "helpful", value: 1, stringValue: "true", dataType: "boolean", source: "api" }] }),
        ],
      }),
    );
    expect(html.indexOf("Where is my parcel?")).toBeLessThan(html.indexOf("Thanks"));
    for (const shown of ['href="/traces/a"', 'href="/traces/b"', "sentiment: negative", "helpful: true", "(no output recorded)", "Turn 2"]) expect(html).toContain(shown);
  });
});

describe("TraceViewer", () => {
  const at = (ms: number) => new Date(Date.parse("2026-11-20T10:00:00Z") + ms).toISOString();
  const o = (id: string, parent: string | null, start: number) =>
    ({ id, traceId: "t", parentObservationId: parent, type: "span", name: id, startTime: at(start), endTime: at(start + 10), level: "DEFAULT", statusMessage: null, model: null, provider: null, modelParameters: null, usageInput: null, usageOutput: null, usageTotal: null, usageCacheRead: null, usageCacheWrite: null, costInput: null, costOutput: null, costCacheRead: null, costCacheWrite: null, costTotal: null, costSource: null, priceId: null, input: null, output: null, metadata: {}, events: [] });
  const trace = { id: "t", observations: [o("root", null, 0), o("child", "root", 1), o("grandchild", "child", 2)], scores: [] } as unknown as TraceView;

  it("selects the observation the URL names, and offers search and folding", () => {
    const html = renderToStaticMarkup(createElement(TraceViewer, { trace, canScore: false, initialObservationId: "child" }));
    expect(html).toMatch(/aria-selected="true"[^>]*data-observation-id="child"/);
    expect(html).toContain('aria-label="Observation child"');
    expect(html).toContain("Search this trace");
    expect(html).toContain("Fold all");
    // root and child have rows below them and can fold; the leaf cannot.
    expect(html.match(/title="Fold"/g)).toHaveLength(2);
    const unknown = renderToStaticMarkup(createElement(TraceViewer, { trace, canScore: false, initialObservationId: "nope" }));
    expect(unknown).toMatch(/aria-selected="true"[^>]*data-observation-id="root"/);
  });
});
