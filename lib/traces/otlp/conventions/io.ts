// Input/output payload extraction. Each convention stores prompts and
// completions differently; the first source found (in the order below) wins.

import { readString, readValue } from "../attributes";
import {
  indexedGenAiMessage,
  isRecord,
  openInferenceDocument,
  openInferenceMessage,
  parseMaybeJson,
  type IndexedGroup,
} from "../payload";
import type { AttributeValue, Attributes } from "../../types";
import { IO } from "./keys";

/** Indexed attribute groups and span-event messages gathered by the scan. */
export interface PayloadSources {
  attrs: Attributes;
  genAiPrompts: IndexedGroup | null;
  genAiCompletions: IndexedGroup | null;
  oiInputMessages: IndexedGroup | null;
  oiOutputMessages: IndexedGroup | null;
  oiDocuments: IndexedGroup | null;
  oiEmbeddingTexts: IndexedGroup | null;
  /** Messages from gen_ai.{system,user,assistant,tool}.message span events. */
  eventInput: AttributeValue[] | null;
  /** Messages from gen_ai.choice span events. */
  eventOutput: AttributeValue[] | null;
}

function value(attrs: Attributes, key: string): AttributeValue | undefined {
  const v = readValue(attrs, key);
  return v === undefined || v === null || v === "" ? undefined : v;
}

function parsed(attrs: Attributes, key: string): AttributeValue | undefined {
  const v = value(attrs, key);
  return v === undefined ? undefined : parseMaybeJson(v);
}

/** OpenInference input.value/output.value: only text/plain stays verbatim. */
function openInferenceValue(attrs: Attributes, key: string, mimeKey: string): AttributeValue | undefined {
  const v = value(attrs, key);
  if (v === undefined) return undefined;
  return readString(attrs, mimeKey) === "text/plain" ? v : parseMaybeJson(v);
}

function nonEmpty(group: IndexedGroup | null): Attributes[] | undefined {
  if (group === null) return undefined;
  const list = group.list();
  return list.length > 0 ? list : undefined;
}

/** Semconv messages, with system instructions prepended as a system message. */
function genAiMessages(attrs: Attributes): AttributeValue | undefined {
  const messages = parsed(attrs, IO.genAiInputMessages);
  const instructions = parsed(attrs, IO.genAiSystemInstructions);
  if (instructions === undefined) return messages;
  const system: Attributes = Array.isArray(instructions)
    ? { role: "system", parts: instructions }
    : { role: "system", content: instructions };
  if (messages === undefined) return [system];
  return Array.isArray(messages) ? [system, ...messages] : [system, messages];
}

export function extractInput(src: PayloadSources): AttributeValue | undefined {
  const a = src.attrs;
  let v: AttributeValue | undefined;

  // OpenTelemetry GenAI semconv
  if ((v = genAiMessages(a)) !== undefined) return v;
  if ((v = parsed(a, IO.genAiToolArguments)) !== undefined) return v;
  if ((v = value(a, IO.genAiRetrievalQuery)) !== undefined) return v;
  if ((v = parsed(a, IO.genAiPrompt)) !== undefined) return v;
  const prompts = nonEmpty(src.genAiPrompts);
  if (prompts !== undefined) return prompts.map(indexedGenAiMessage);
  if (src.eventInput !== null && src.eventInput.length > 0) return src.eventInput;

  // OpenInference
  const oiMessages = nonEmpty(src.oiInputMessages);
  if (oiMessages !== undefined) return oiMessages.map(openInferenceMessage);
  if ((v = openInferenceValue(a, IO.inputValue, IO.inputMimeType)) !== undefined) return v;
  const embedded = nonEmpty(src.oiEmbeddingTexts);
  if (embedded !== undefined) {
    return embedded.map((e) => (isRecord(e.embedding) ? (e.embedding.text ?? null) : null));
  }

  // Vercel AI SDK
  if ((v = parsed(a, IO.aiPromptMessages)) !== undefined) return v;
  if ((v = parsed(a, IO.aiPrompt)) !== undefined) return v;
  if ((v = parsed(a, IO.aiToolCallArgs)) !== undefined) return v;
  if ((v = parsed(a, IO.aiToolCallInput)) !== undefined) return v;
  if ((v = value(a, IO.aiValues)) !== undefined) {
    return Array.isArray(v) ? v.map((item) => parseMaybeJson(item)) : parseMaybeJson(v);
  }
  return parsed(a, IO.aiValue);
}

/** AI SDK text plus tool calls → one assistant message; text alone stays text. */
function vercelResponse(a: Attributes): AttributeValue | undefined {
  const text = value(a, IO.aiResponseText);
  const toolCalls = parsed(a, IO.aiResponseToolCalls);
  if (Array.isArray(toolCalls) && toolCalls.length > 0) {
    return { role: "assistant", content: text ?? null, tool_calls: toolCalls };
  }
  if (text !== undefined) return text;
  return parsed(a, IO.aiResponseObject);
}

export function extractOutput(src: PayloadSources): AttributeValue | undefined {
  const a = src.attrs;
  let v: AttributeValue | undefined;

  // OpenTelemetry GenAI semconv
  if ((v = parsed(a, IO.genAiOutputMessages)) !== undefined) return v;
  if ((v = parsed(a, IO.genAiToolResult)) !== undefined) return v;
  if ((v = parsed(a, IO.genAiRetrievalDocuments)) !== undefined) return v;
  if ((v = parsed(a, IO.genAiCompletion)) !== undefined) return v;
  const completions = nonEmpty(src.genAiCompletions);
  if (completions !== undefined) return completions.map(indexedGenAiMessage);
  if (src.eventOutput !== null && src.eventOutput.length > 0) return src.eventOutput;

  // OpenInference
  const oiMessages = nonEmpty(src.oiOutputMessages);
  if (oiMessages !== undefined) return oiMessages.map(openInferenceMessage);
  const documents = nonEmpty(src.oiDocuments);
  if (documents !== undefined) return documents.map(openInferenceDocument);
  if ((v = openInferenceValue(a, IO.outputValue, IO.outputMimeType)) !== undefined) return v;

  // Vercel AI SDK
  if ((v = vercelResponse(a)) !== undefined) return v;
  if ((v = parsed(a, IO.aiToolCallResult)) !== undefined) return v;
  return parsed(a, IO.aiToolCallOutput);
}
