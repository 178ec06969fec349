// OpenInference conventions (Arize Phoenix instrumentations).
import { describe, expect, it } from "vitest";
import { mapResourceSpans } from "./map-resource-spans";
import { resourceSpans, span, type SpanSpec } from "../../../tests/support/otlp-builders";
import type { ObservationRecord } from "../types";

function mapOne(spec: SpanSpec): ObservationRecord {
  return mapResourceSpans(resourceSpans([span(spec)])).observations[0];
}

describe("OpenInference LLM span", () => {
  const llm: SpanSpec = {
    name: "ChatCompletion",
    attributes: {
      "openinference.span.kind": "LLM",
      "llm.model_name": "gpt-4o-mini-2024-07-18",
      "llm.provider": "openai",
      "llm.system": "openai",
      "llm.invocation_parameters": '{"model":"gpt-4o-mini","temperature":0.1,"max_tokens":256}',
      "input.value": '{"model":"gpt-4o-mini","messages":[]}',
      "input.mime_type": "application/json",
      "output.value": '{"id":"chatcmpl-1"}',
      "output.mime_type": "application/json",
      "llm.input_messages.0.message.role": "system",
      "llm.input_messages.0.message.content": "You describe images.",
      "llm.input_messages.1.message.role": "user",
      "llm.input_messages.1.message.contents.0.message_content.type": "text",
      "llm.input_messages.1.message.contents.0.message_content.text": "What is this?",
      "llm.input_messages.1.message.contents.1.message_content.type": "image",
      "llm.input_messages.1.message.contents.1.message_content.image.image.url": "https://x/cat.png",
      "llm.output_messages.0.message.role": "assistant",
      "llm.output_messages.0.message.tool_calls.0.tool_call.id": "call_9",
      "llm.output_messages.0.message.tool_calls.0.tool_call.function.name": "lookup",
      "llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments": '{"q":"cat"}',
      "llm.token_count.prompt": 1500,
      "llm.token_count.completion": 20,
      "llm.token_count.total": 1520,
      "llm.token_count.prompt_details.cache_read": 1024,
      "llm.tools.0.tool.json_schema": '{"type":"function"}',
      "session.id": "sess-1",
      "user.id": "user-1",
      metadata: '{"tenant":"acme","tier":2}',
      "tag.tags": ["beta", "support"],
    },
  };

  it("maps model, provider, invocation parameters and usage", () => {
    const r = mapOne(llm);
    expect(r.type).toBe("generation");
    expect(r.model).toBe("gpt-4o-mini-2024-07-18");
    expect(r.provider).toBe("openai");
    expect(r.modelParameters).toEqual({ model: "gpt-4o-mini", temperature: 0.1, max_tokens: 256 });
    // OpenInference prompt counts include cached tokens.
    expect(r.usage).toEqual({ input: 1500, output: 20, total: 1520, cacheRead: 1024, inputIncludesCache: true });
  });

  it("prefers structured messages over raw input.value/output.value", () => {
    const r = mapOne(llm);
    expect(r.input).toEqual([
      { role: "system", content: "You describe images." },
      {
        role: "user",
        contents: [
          { type: "text", text: "What is this?" },
          { type: "image", image: { image: { url: "https://x/cat.png" } } },
        ],
      },
    ]);
    expect(r.output).toEqual([
      {
        role: "assistant",
        tool_calls: [{ id: "call_9", function: { name: "lookup", arguments: { q: "cat" } } }],
      },
    ]);
  });

  it("maps session, user, tags and user metadata; keeps unknown keys", () => {
    const r = mapOne(llm);
    expect(r.sessionId).toBe("sess-1");
    expect(r.userId).toBe("user-1");
    expect(r.tags).toEqual(["beta", "support"]);
    expect(r.metadata).toMatchObject({
      tenant: "acme",
      tier: 2,
      "llm.tools.0.tool.json_schema": '{"type":"function"}',
      "openinference.span.kind": "LLM",
    });
    expect(r.metadata["llm.input_messages.0.message.role"]).toBeUndefined();
  });
});

describe("OpenInference span kinds", () => {
  it("RETRIEVER: query in, documents out", () => {
    const r = mapOne({
      attributes: {
        "openinference.span.kind": "RETRIEVER",
        "input.value": "how to reset password",
        "input.mime_type": "text/plain",
        "retrieval.documents.0.document.id": "doc-1",
        "retrieval.documents.0.document.content": "Go to settings…",
        "retrieval.documents.0.document.score": 0.92,
        "retrieval.documents.0.document.metadata": '{"source":"kb"}',
        "retrieval.documents.1.document.id": "doc-2",
        "retrieval.documents.1.document.content": "Contact support…",
      },
    });
    expect(r.type).toBe("retrieval");
    expect(r.input).toBe("how to reset password");
    expect(r.output).toEqual([
      { id: "doc-1", content: "Go to settings…", score: 0.92, metadata: { source: "kb" } },
      { id: "doc-2", content: "Contact support…" },
    ]);
  });

  it("TOOL: named after tool.name, JSON input parsed", () => {
    const r = mapOne({
      name: "tool_call",
      attributes: {
        "openinference.span.kind": "TOOL",
        "tool.name": "search_kb",
        "tool.parameters": '{"type":"object"}',
        "input.value": '{"query":"reset"}',
        "output.value": "3 results",
      },
    });
    expect(r.type).toBe("tool");
    expect(r.name).toBe("search_kb");
    expect(r.input).toEqual({ query: "reset" });
    expect(r.output).toBe("3 results");
    expect(r.metadata["tool.parameters"]).toBe('{"type":"object"}');
  });

  it("EMBEDDING: texts kept, vectors dropped", () => {
    const r = mapOne({
      attributes: {
        "openinference.span.kind": "EMBEDDING",
        "embedding.model_name": "text-embedding-3-small",
        "embedding.embeddings.0.embedding.text": "hello",
        "embedding.embeddings.0.embedding.vector": [0.1, 0.2],
        "embedding.embeddings.1.embedding.text": "world",
        "llm.token_count.prompt": 2,
      },
    });
    expect(r.type).toBe("embedding");
    expect(r.model).toBe("text-embedding-3-small");
    expect(r.input).toEqual(["hello", "world"]);
    expect(JSON.stringify(r.metadata)).not.toContain("vector");
  });

  it("an embedding model without a span kind is still an embedding", () => {
    expect(mapOne({ attributes: { "embedding.model_name": "text-embedding-3-small" } }).type).toBe("embedding");
  });

  it.each([
    ["AGENT", "agent"],
    ["CHAIN", "span"],
    ["RERANKER", "span"],
    ["GUARDRAIL", "span"],
  ])("%s → %s", (kind, type) => {
    expect(mapOne({ attributes: { "openinference.span.kind": kind } }).type).toBe(type);
  });

  it("text/plain values stay strings even when they look like JSON", () => {
    const r = mapOne({
      attributes: { "openinference.span.kind": "CHAIN", "output.value": "[1,2]", "output.mime_type": "text/plain" },
    });
    expect(r.output).toBe("[1,2]");
  });
});
