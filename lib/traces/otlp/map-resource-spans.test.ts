// Cross-convention precedence, metadata retention, trace upserts and the
// protobuf-decoded input shape.
import { describe, expect, it } from "vitest";
import { mapResourceSpans } from "./map-resource-spans";
import { createMasker } from "../masking";
import type { OtlpSpan } from "./types";
import {
  CHILD_SPAN_ID,
  ROOT_SPAN_ID,
  T0,
  TRACE_ID,
  resourceSpans,
  span,
  toKeyValues,
  type SpanSpec,
} from "../../../tests/support/otlp-builders";
import type { ObservationRecord } from "../types";

function mapOne(spec: SpanSpec, resource?: Record<string, unknown>): ObservationRecord {
  return mapResourceSpans(resourceSpans([span(spec)], resource)).observations[0];
}

describe("precedence (first found wins)", () => {
  it("prism.observation.type beats every convention", () => {
    const r = mapOne({
      attributes: { "prism.observation.type": "event", "gen_ai.operation.name": "chat", "openinference.span.kind": "LLM" },
    });
    expect(r.type).toBe("event");
  });

  it("GenAI operation beats OpenInference kind, which beats the AI SDK operation", () => {
    expect(mapOne({ attributes: { "gen_ai.operation.name": "execute_tool", "openinference.span.kind": "LLM" } }).type).toBe("tool");
    expect(mapOne({ attributes: { "openinference.span.kind": "RETRIEVER", "ai.operationId": "ai.generateText.doGenerate" } }).type).toBe(
      "retrieval",
    );
  });

  it("model: response > request > llm.model_name > ai.model.id", () => {
    const all = {
      "gen_ai.response.model": "a",
      "gen_ai.request.model": "b",
      "llm.model_name": "c",
      "ai.model.id": "d",
    };
    expect(mapOne({ attributes: all }).model).toBe("a");
    const { "gen_ai.response.model": _a, ...noResponse } = all;
    expect(mapOne({ attributes: noResponse }).model).toBe("b");
    const { "gen_ai.request.model": _b, ...onlyOthers } = noResponse;
    expect(mapOne({ attributes: onlyOthers }).model).toBe("c");
  });

  it("provider: gen_ai.provider.name > gen_ai.system > llm.provider > ai.model.provider", () => {
    expect(mapOne({ attributes: { "gen_ai.system": "openai", "gen_ai.provider.name": "azure.ai.openai" } }).provider).toBe(
      "azure.ai.openai",
    );
    expect(mapOne({ attributes: { "llm.provider": "Anthropic", "ai.model.provider": "openai.chat" } }).provider).toBe("anthropic");
  });

  it("tokens: semconv > OpenInference > AI SDK", () => {
    const r = mapOne({
      attributes: { "ai.usage.inputTokens": 3, "llm.token_count.prompt": 2, "gen_ai.usage.input_tokens": 1 },
    });
    expect(r.usage?.input).toBe(1);
  });

  it("input: semconv messages > OpenInference input.value > AI SDK prompt", () => {
    const r = mapOne({
      attributes: {
        "ai.prompt.messages": '[{"role":"user","content":"c"}]',
        "input.value": "b",
        "gen_ai.input.messages": '[{"role":"user","parts":[]}]',
      },
    });
    expect(r.input).toEqual([{ role: "user", parts: [] }]);
  });

  it("user: prism > user.id > enduser.id > AI SDK metadata > resource", () => {
    expect(mapOne({ attributes: { "user.id": "b", "prism.user.id": "a", "enduser.id": "c" } }).userId).toBe("a");
    expect(mapOne({ attributes: { "enduser.id": "c", "ai.telemetry.metadata.userId": "d" } }).userId).toBe("c");
    expect(mapOne({}, { "user.id": "from-resource" }).userId).toBe("from-resource");
  });

  it("environment: span > resource (.name before legacy) > context default", () => {
    const resource = { "deployment.environment": "legacy", "deployment.environment.name": "staging" };
    expect(mapOne({ attributes: { "deployment.environment.name": "prod" } }, resource).environment).toBe("prod");
    expect(mapOne({}, resource).environment).toBe("staging");
    expect(mapOne({}, { "deployment.environment": "legacy" }).environment).toBe("legacy");
    expect(mapOne({}).environment).toBe("default");
    const withDefault = mapResourceSpans(resourceSpans([span()]), { defaultEnvironment: "dev" });
    expect(withDefault.observations[0].environment).toBe("dev");
  });

  it("tags: prism.tags (comma list or JSON) > tag.tags", () => {
    expect(mapOne({ attributes: { "prism.tags": "a, b,a", "tag.tags": ["x"] } }).tags).toEqual(["a", "b"]);
    expect(mapOne({ attributes: { "prism.tags": '["j1","j2"]' } }).tags).toEqual(["j1", "j2"]);
  });

  it("client-sent cost is kept and marked as such", () => {
    const r = mapOne({ attributes: { "prism.cost.total": 0.0123, "llm.cost.total": 9 } });
    expect(r.cost).toEqual({ total: 0.0123 });
    expect(r.costSource).toBe("client");
  });
});

describe("metadata retention", () => {
  it("keeps every unknown span attribute, resource attributes and scope", () => {
    const r = mapOne(
      { attributes: { "http.method": "POST", "app.feature": "search", "prism.session.id": "s1", custom: { nested: [1] } } },
      { "service.name": "api", "host.name": "web-1" },
    );
    expect(r.sessionId).toBe("s1");
    expect(r.metadata).toEqual({
      "http.method": "POST",
      "app.feature": "search",
      custom: { nested: [1] },
      resource: { "service.name": "api", "host.name": "web-1" },
      scope: { name: "test-scope", version: "1.0.0" },
    });
  });

  it("adds prism.metadata.* as plain keys", () => {
    expect(mapOne({ attributes: { "prism.metadata.plan": "pro" } }).metadata.plan).toBe("pro");
  });
});

describe("trace upserts", () => {
  const root: SpanSpec = {
    name: "POST /chat",
    spanId: ROOT_SPAN_ID,
    startMs: 0,
    attributes: { "prism.tags": "web", "prism.trace.metadata.feature": "chat", "prism.version": "v3" },
  };
  const child: SpanSpec = {
    name: "chat gpt-4o",
    spanId: CHILD_SPAN_ID,
    parentSpanId: ROOT_SPAN_ID,
    startMs: 5,
    attributes: { "user.id": "u1", "session.id": "s1", "tag.tags": ["llm"] },
  };

  it("builds one upsert per trace from root name, child user/session and tag union", () => {
    const { traces } = mapResourceSpans(resourceSpans([span(child), span(root)], { "service.name": "api", "service.version": "1.4.2" }));
    expect(traces).toEqual([
      {
        id: TRACE_ID,
        name: "POST /chat",
        userId: "u1",
        sessionId: "s1",
        environment: "default",
        release: "1.4.2",
        version: "v3",
        tags: ["llm", "web"],
        timestamp: T0,
        hasRoot: true,
        metadata: { "service.name": "api", feature: "chat" },
      },
    ]);
  });

  it("prism.trace.name overrides the root name; without a root the name stays null", () => {
    const named = mapResourceSpans(resourceSpans([span({ ...root, attributes: { "prism.trace.name": "Support chat" } })]));
    expect(named.traces[0].name).toBe("Support chat");
    const noRoot = mapResourceSpans(resourceSpans([span(child)]));
    expect(noRoot.traces[0]).toMatchObject({ name: null, hasRoot: false, timestamp: new Date(T0.getTime() + 5) });
  });
});

describe("protobuf-decoded input", () => {
  it("normalises byte ids, Long times and enum-name status codes", () => {
    const nanos = BigInt(T0.getTime()) * BigInt(1_000_000);
    const long = (n: bigint) => ({ low: Number(n & BigInt(0xffffffff)) | 0, high: Number(n >> BigInt(32)), unsigned: false });
    const pbSpan: OtlpSpan = {
      traceId: Buffer.from(TRACE_ID, "hex"),
      spanId: Uint8Array.from(Buffer.from(CHILD_SPAN_ID, "hex")),
      parentSpanId: Buffer.from(ROOT_SPAN_ID, "hex"),
      name: "pb",
      kind: 3,
      startTimeUnixNano: long(nanos),
      endTimeUnixNano: long(nanos + BigInt(2_000_000)),
      attributes: toKeyValues({ "gen_ai.operation.name": "chat" }),
      status: { code: "STATUS_CODE_ERROR", message: "" },
    };
    const r = mapResourceSpans([{ scopeSpans: [{ spans: [pbSpan] }] }]).observations[0];
    expect(r).toMatchObject({
      id: CHILD_SPAN_ID,
      traceId: TRACE_ID,
      parentObservationId: ROOT_SPAN_ID,
      startTime: T0,
      endTime: new Date(T0.getTime() + 2),
      level: "ERROR",
      statusMessage: null,
    });
  });

  it("counts spans without ids as invalid instead of throwing", () => {
    const batch = mapResourceSpans([{ scopeSpans: [{ spans: [{ name: "x" }, { traceId: TRACE_ID, name: "y" }] }] }]);
    expect(batch.observations).toHaveLength(0);
    expect(batch.dropped.invalid).toBe(2);
  });
});

describe("context options", () => {
  it("sampleRate 0 drops every span before mapping, 1 keeps all", () => {
    const spans = [span(), span({ spanId: CHILD_SPAN_ID, parentSpanId: ROOT_SPAN_ID })];
    expect(mapResourceSpans(resourceSpans(spans), { sampleRate: 0 }).dropped.sampled).toBe(2);
    expect(mapResourceSpans(resourceSpans(spans), { sampleRate: 1 }).observations).toHaveLength(2);
  });

  it("applies the masker to records and trace metadata", () => {
    const masker = createMasker({});
    const batch = mapResourceSpans(
      resourceSpans([span({ attributes: { "input.value": "mail me at a.b@example.com", "prism.trace.metadata.owner": "x@y.io" } })]),
      { masker },
    );
    expect(batch.observations[0].input).toBe("mail me at [EMAIL]");
    expect(batch.traces[0].metadata.owner).toBe("[EMAIL]");
  });
});
