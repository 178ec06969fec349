// Vercel AI SDK telemetry (experimental_telemetry), as ai@5 emits it.
import { describe, expect, it } from "vitest";
import { mapResourceSpans } from "./map-resource-spans";
import { resourceSpans, span, type SpanSpec } from "../../../tests/support/otlp-builders";
import type { ObservationRecord } from "../types";

const OUTER = "1000000000000001";
const INNER = "1000000000000002";
const TOOL = "1000000000000003";

const telemetry = {
  "ai.telemetry.functionId": "weather-chat",
  "resource.name": "weather-chat",
  "ai.telemetry.metadata.userId": "u-7",
  "ai.telemetry.metadata.sessionId": "s-7",
  "ai.telemetry.metadata.tags": ["prod-chat"],
  "ai.telemetry.metadata.plan": "pro",
};

const outer: SpanSpec = {
  name: "ai.generateText",
  spanId: OUTER,
  durationMs: 900,
  attributes: {
    ...telemetry,
    "operation.name": "ai.generateText weather-chat",
    "ai.operationId": "ai.generateText",
    "ai.model.provider": "openai.responses",
    "ai.model.id": "gpt-4o",
    "ai.settings.maxRetries": 2,
    "ai.prompt": '{"system":"You are helpful","prompt":"Weather in Berlin?"}',
    "ai.response.finishReason": "stop",
    "ai.response.text": "It is sunny in Berlin.",
    "ai.usage.inputTokens": 180,
    "ai.usage.outputTokens": 40,
    "ai.usage.totalTokens": 220,
  },
};

const inner: SpanSpec = {
  name: "ai.generateText.doGenerate",
  spanId: INNER,
  parentSpanId: OUTER,
  startMs: 10,
  attributes: {
    ...telemetry,
    "operation.name": "ai.generateText.doGenerate weather-chat",
    "ai.operationId": "ai.generateText.doGenerate",
    "ai.model.provider": "openai.responses",
    "ai.model.id": "gpt-4o",
    "ai.settings.maxRetries": 2,
    "ai.prompt.messages":
      '[{"role":"system","content":"You are helpful"},{"role":"user","content":[{"type":"text","text":"Weather in Berlin?"}]}]',
    "ai.prompt.tools": ['{"type":"function","name":"getWeather"}'],
    "ai.prompt.toolChoice": '{"type":"auto"}',
    "ai.response.finishReason": "tool-calls",
    "ai.response.toolCalls": '[{"toolCallId":"call_1","toolName":"getWeather","input":"{\\"city\\":\\"Berlin\\"}"}]',
    "ai.response.id": "resp_1",
    "ai.response.model": "gpt-4o-2024-08-06",
    "ai.usage.inputTokens": 120,
    "ai.usage.outputTokens": 25,
    "gen_ai.system": "openai.responses",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.request.temperature": 0,
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.response.id": "resp_1",
    "gen_ai.response.finish_reasons": ["tool-calls"],
    "gen_ai.usage.input_tokens": 120,
    "gen_ai.usage.output_tokens": 25,
  },
};

const tool: SpanSpec = {
  name: "ai.toolCall",
  spanId: TOOL,
  parentSpanId: OUTER,
  startMs: 300,
  attributes: {
    ...telemetry,
    "operation.name": "ai.toolCall weather-chat",
    "ai.operationId": "ai.toolCall",
    "ai.toolCall.name": "getWeather",
    "ai.toolCall.id": "call_1",
    "ai.toolCall.args": '{"city":"Berlin"}',
    "ai.toolCall.result": '"Sunny, 22C"',
  },
};

function mapAll(): Map<string, ObservationRecord> {
  const { observations } = mapResourceSpans(resourceSpans([outer, inner, tool].map(span)));
  return new Map(observations.map((o) => [o.id, o]));
}

describe("Vercel AI SDK", () => {
  it("treats only doGenerate/doStream as generations", () => {
    const byId = mapAll();
    expect(byId.get(OUTER)?.type).toBe("span");
    expect(byId.get(INNER)?.type).toBe("generation");
    expect(byId.get(TOOL)?.type).toBe("tool");
    expect(mapResourceSpans(resourceSpans([span({ attributes: { "operation.name": "ai.streamText.doStream fn" } })]))
      .observations[0].type).toBe("generation");
  });

  it("maps the inner generation: model, provider, messages, tool calls, parameters", () => {
    const r = mapAll().get(INNER)!;
    expect(r.model).toBe("gpt-4o-2024-08-06");
    expect(r.provider).toBe("openai");
    expect(r.usage).toEqual({ input: 120, output: 25, total: 145 });
    expect(r.modelParameters).toEqual({ temperature: 0, maxRetries: 2 });
    expect(r.input).toEqual([
      { role: "system", content: "You are helpful" },
      { role: "user", content: [{ type: "text", text: "Weather in Berlin?" }] },
    ]);
    expect(r.output).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ toolCallId: "call_1", toolName: "getWeather", input: '{"city":"Berlin"}' }],
    });
    expect(r.metadata).toMatchObject({
      "ai.prompt.tools": ['{"type":"function","name":"getWeather"}'],
      "ai.response.finishReason": "tool-calls",
      "ai.telemetry.functionId": "weather-chat",
      plan: "pro",
    });
  });

  it("maps telemetry metadata to user, session and tags", () => {
    const r = mapAll().get(OUTER)!;
    expect(r.userId).toBe("u-7");
    expect(r.sessionId).toBe("s-7");
    expect(r.tags).toEqual(["prod-chat"]);
    expect(r.input).toEqual({ system: "You are helpful", prompt: "Weather in Berlin?" });
    expect(r.output).toBe("It is sunny in Berlin.");
    expect(r.model).toBe("gpt-4o");
  });

  it("names tool spans after the tool and parses args/result", () => {
    const r = mapAll().get(TOOL)!;
    expect(r.name).toBe("getWeather");
    expect(r.input).toEqual({ city: "Berlin" });
    expect(r.output).toBe("Sunny, 22C");
    expect(r.metadata["ai.toolCall.id"]).toBe("call_1");
  });

  it("maps embeddings (doEmbed) and older promptTokens usage", () => {
    const r = mapResourceSpans(
      resourceSpans([
        span({
          name: "ai.embedMany.doEmbed",
          attributes: {
            "ai.operationId": "ai.embedMany.doEmbed",
            "ai.model.provider": "openai.embedding",
            "ai.model.id": "text-embedding-3-small",
            "ai.values": ['"hello"', '"world"'],
            "ai.embeddings": ["[0.1,0.2]", "[0.3,0.4]"],
            "ai.usage.tokens": 4,
          },
        }),
        span({
          spanId: INNER,
          attributes: { "ai.operationId": "ai.generateText.doGenerate", "ai.usage.promptTokens": 9, "ai.usage.completionTokens": 3 },
        }),
      ]),
    ).observations;
    expect(r[0]).toMatchObject({ type: "embedding", provider: "openai", input: ["hello", "world"], usage: { input: 4 } });
    expect(JSON.stringify(r[0].metadata)).not.toContain("0.1");
    expect(r[1].usage).toEqual({ input: 9, output: 3, total: 12 });
  });

  it("AI SDK v6 token details mark input as cache-inclusive", () => {
    const r = mapResourceSpans(
      resourceSpans([
        span({
          attributes: {
            "ai.operationId": "ai.streamText.doStream",
            "ai.model.provider": "anthropic.messages",
            "ai.usage.inputTokens": 9500,
            "ai.usage.outputTokens": 300,
            "ai.usage.cachedInputTokens": 8000,
            "ai.usage.inputTokenDetails.noCacheTokens": 1000,
            "ai.usage.inputTokenDetails.cacheReadTokens": 8000,
            "ai.usage.inputTokenDetails.cacheWriteTokens": 500,
          },
        }),
      ]),
    ).observations[0];
    expect(r.provider).toBe("anthropic");
    expect(r.usage).toEqual({
      input: 9500,
      output: 300,
      total: 9800,
      cacheRead: 8000,
      cacheWrite: 500,
      inputIncludesCache: true,
    });
  });
});
