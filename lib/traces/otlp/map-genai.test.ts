// OpenTelemetry GenAI semantic conventions (1.36+ attributes, older events
// and the indexed gen_ai.prompt.N form still emitted by OpenLLMetry).
import { describe, expect, it } from "vitest";
import { mapResourceSpans } from "./map-resource-spans";
import { CHILD_SPAN_ID, ROOT_SPAN_ID, resourceSpans, span, type SpanSpec } from "../../../tests/support/otlp-builders";
import type { ObservationRecord } from "../types";

function mapOne(spec: SpanSpec): ObservationRecord {
  const { observations } = mapResourceSpans(resourceSpans([span(spec)]));
  expect(observations).toHaveLength(1);
  return observations[0];
}

const inputMessages = [
  { role: "user", parts: [{ type: "text", content: "Weather in Paris?" }] },
];
const outputMessages = [
  {
    role: "assistant",
    parts: [{ type: "tool_call", id: "call_1", name: "get_weather", arguments: { city: "Paris" } }],
    finish_reason: "tool_call",
  },
];

describe("GenAI semconv chat span", () => {
  const chat: SpanSpec = {
    name: "chat gpt-4o",
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.response.model": "gpt-4o-2024-08-06",
      "gen_ai.request.temperature": 0.2,
      "gen_ai.request.max_tokens": 512,
      "gen_ai.request.top_p": 0.9,
      "gen_ai.request.stop_sequences": ["\n\n"],
      "gen_ai.response.id": "chatcmpl-123",
      "gen_ai.response.finish_reasons": ["tool_call"],
      "gen_ai.usage.input_tokens": 1200,
      "gen_ai.usage.output_tokens": 35,
      "gen_ai.usage.cache_read.input_tokens": 1024,
      "gen_ai.conversation.id": "conv_42",
      "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: "Be brief." }]),
      "gen_ai.input.messages": JSON.stringify(inputMessages),
      "gen_ai.output.messages": JSON.stringify(outputMessages),
      "server.address": "api.openai.com",
    },
  };

  it("maps type, model (response preferred), provider, parameters and usage", () => {
    const r = mapOne(chat);
    expect(r.type).toBe("generation");
    expect(r.model).toBe("gpt-4o-2024-08-06");
    expect(r.provider).toBe("openai");
    expect(r.modelParameters).toEqual({ temperature: 0.2, max_tokens: 512, top_p: 0.9, stop_sequences: ["\n\n"] });
    // Dotted semconv cache attribute: input_tokens includes the cached part.
    expect(r.usage).toEqual({ input: 1200, output: 35, total: 1235, cacheRead: 1024, inputIncludesCache: true });
    expect(r.conversationId).toBe("conv_42");
  });

  it("parses messages and prepends system instructions", () => {
    const r = mapOne(chat);
    expect(r.input).toEqual([
      { role: "system", parts: [{ type: "text", content: "Be brief." }] },
      ...inputMessages,
    ]);
    expect(r.output).toEqual(outputMessages);
  });

  it("keeps unknown attributes plus resource and scope in metadata", () => {
    const r = mapOne(chat);
    expect(r.metadata).toMatchObject({
      "gen_ai.response.id": "chatcmpl-123",
      "gen_ai.response.finish_reasons": ["tool_call"],
      "server.address": "api.openai.com",
      "gen_ai.operation.name": "chat",
      resource: { "service.name": "test-app" },
      scope: { name: "test-scope", version: "1.0.0" },
    });
    expect(r.metadata["gen_ai.input.messages"]).toBeUndefined();
    expect(r.metadata["gen_ai.usage.input_tokens"]).toBeUndefined();
  });

  it("accepts structured (kvlist) messages as well as JSON strings", () => {
    const r = mapOne({
      attributes: { "gen_ai.operation.name": "chat", "gen_ai.input.messages": inputMessages },
    });
    expect(r.input).toEqual(inputMessages);
  });
});

describe("GenAI semconv operations", () => {
  it("maps execute_tool spans, named after the tool", () => {
    const r = mapOne({
      name: "execute_tool get_weather",
      attributes: {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "get_weather",
        "gen_ai.tool.call.id": "call_1",
        "gen_ai.tool.type": "function",
        "gen_ai.tool.call.arguments": '{"city":"Paris"}',
        "gen_ai.tool.call.result": '{"temp":21}',
      },
    });
    expect(r.type).toBe("tool");
    expect(r.name).toBe("get_weather");
    expect(r.input).toEqual({ city: "Paris" });
    expect(r.output).toEqual({ temp: 21 });
    expect(r.metadata).toMatchObject({ "gen_ai.tool.call.id": "call_1", "otel.span.name": "execute_tool get_weather" });
  });

  it.each([
    ["text_completion", "generation"],
    ["generate_content", "generation"],
    ["embeddings", "embedding"],
    ["invoke_agent", "agent"],
    ["create_agent", "agent"],
    ["retrieval", "retrieval"],
  ])("operation %s → %s", (operation, type) => {
    expect(mapOne({ attributes: { "gen_ai.operation.name": operation } }).type).toBe(type);
  });

  it("reads the older gen_ai.system and prompt/completion token names", () => {
    const r = mapOne({
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.system": "anthropic",
        "gen_ai.request.model": "claude-3-5-sonnet-20241022",
        "gen_ai.usage.prompt_tokens": 10,
        "gen_ai.usage.completion_tokens": 5,
      },
    });
    expect(r.provider).toBe("anthropic");
    expect(r.usage).toEqual({ input: 10, output: 5, total: 15 });
  });
});

describe("GenAI message span events", () => {
  it("builds input from per-message events and output from gen_ai.choice", () => {
    const r = mapOne({
      attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o-mini" },
      events: [
        { name: "gen_ai.system.message", attributes: { "gen_ai.system": "openai", content: "You are terse." } },
        { name: "gen_ai.user.message", attributes: { "gen_ai.system": "openai", content: "Hi" } },
        {
          name: "gen_ai.choice",
          attributes: {
            "gen_ai.system": "openai",
            index: 0,
            finish_reason: "stop",
            message: { role: "assistant", content: "Hello." },
          },
        },
        { name: "custom.checkpoint", attributes: { step: 1 } },
      ],
    });
    expect(r.input).toEqual([
      { role: "system", content: "You are terse." },
      { role: "user", content: "Hi" },
    ]);
    expect(r.output).toEqual([{ role: "assistant", content: "Hello.", finish_reason: "stop", index: 0 }]);
    // Message events are folded into input/output; other events are kept.
    expect(r.events.map((e) => e.name)).toEqual(["custom.checkpoint"]);
  });

  it("reads a JSON body attribute when the bridge put the log body there", () => {
    const r = mapOne({
      attributes: { "gen_ai.operation.name": "chat" },
      events: [{ name: "gen_ai.user.message", attributes: { "event.body": '{"content":"Hi there"}' } }],
    });
    expect(r.input).toEqual([{ role: "user", content: "Hi there" }]);
  });
});

describe("indexed gen_ai.prompt.N / gen_ai.completion.N (OpenLLMetry)", () => {
  it("builds message arrays ordered numerically by N", () => {
    const attributes: Record<string, unknown> = {
      "gen_ai.system": "Anthropic",
      "llm.request.type": "chat",
      "gen_ai.request.model": "claude-3-5-haiku-20241022",
      "gen_ai.usage.prompt_tokens": 20,
      "gen_ai.usage.completion_tokens": 8,
      "gen_ai.usage.cache_read_input_tokens": 100,
      "llm.usage.total_tokens": 28,
      "gen_ai.prompt.name": "support-prompt",
      "gen_ai.completion.0.role": "assistant",
      "gen_ai.completion.0.content": '[{"type":"text","text":"Done"}]',
      "gen_ai.completion.0.finish_reason": "end_turn",
    };
    // Insert N=10 before N=2 to prove ordering is numeric, not by arrival.
    for (const n of [10, 2, 0, 1, 3, 4, 5, 6, 7, 8, 9]) {
      attributes[`gen_ai.prompt.${n}.role`] = n === 0 ? "system" : "user";
      attributes[`gen_ai.prompt.${n}.content`] = `m${n}`;
    }
    const r = mapOne({ name: "anthropic.chat", attributes });
    expect(r.type).toBe("generation");
    expect(r.provider).toBe("anthropic");
    const input = r.input as { role: string; content: string }[];
    expect(input.map((m) => m.content)).toEqual(Array.from({ length: 11 }, (_, i) => `m${i}`));
    expect(input[0].role).toBe("system");
    expect(r.output).toEqual([{ role: "assistant", content: [{ type: "text", text: "Done" }], finish_reason: "end_turn" }]);
    // Underscore cache keys carry raw provider semantics: no inclusion hint.
    expect(r.usage).toEqual({ input: 20, output: 8, total: 28, cacheRead: 100 });
    expect(r.metadata["gen_ai.prompt.name"]).toBe("support-prompt");
  });
});

describe("errors", () => {
  it("exception events set ERROR and a status message; the event is kept", () => {
    const r = mapOne({
      attributes: { "gen_ai.operation.name": "chat" },
      events: [
        {
          name: "exception",
          attributes: {
            "exception.type": "RateLimitError",
            "exception.message": "429 Too Many Requests",
            "exception.stacktrace": "at call (client.ts:1)",
          },
        },
      ],
    });
    expect(r.level).toBe("ERROR");
    expect(r.statusMessage).toBe("RateLimitError: 429 Too Many Requests");
    expect(r.events[0].attributes["exception.stacktrace"]).toBe("at call (client.ts:1)");
  });

  it("status code 2 sets ERROR and its message wins", () => {
    const r = mapOne({ status: { code: 2, message: "upstream failed" } });
    expect(r.level).toBe("ERROR");
    expect(r.statusMessage).toBe("upstream failed");
  });

  it("prism.level overrides the derived level", () => {
    expect(mapOne({ attributes: { "prism.level": "warning" } }).level).toBe("WARNING");
    expect(mapOne({ attributes: { "prism.level": "bogus" } }).level).toBe("DEFAULT");
  });

  it("maps parent ids", () => {
    const r = mapOne({ spanId: CHILD_SPAN_ID, parentSpanId: ROOT_SPAN_ID });
    expect(r.parentObservationId).toBe(ROOT_SPAN_ID);
  });
});
