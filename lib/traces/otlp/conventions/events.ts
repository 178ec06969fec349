// Span events: GenAI message events become input/output messages (and are not
// repeated in `events`), exception events set the level and status message.

import { readString, readValue } from "../attributes";
import { isRecord, parseMaybeJson } from "../payload";
import type { AttributeValue, Attributes } from "../../types";

/** Event name → message role for the semconv (≤1.35) per-message events. */
const INPUT_MESSAGE_EVENTS: Readonly<Record<string, string>> = {
  "gen_ai.system.message": "system",
  "gen_ai.user.message": "user",
  "gen_ai.assistant.message": "assistant",
  "gen_ai.tool.message": "tool",
};

export const EXCEPTION_EVENT = "exception";
export const CHOICE_EVENT = "gen_ai.choice";
// Semconv ≤1.26 span events carrying the whole prompt / completion.
export const LEGACY_PROMPT_EVENT = "gen_ai.content.prompt";
export const LEGACY_COMPLETION_EVENT = "gen_ai.content.completion";

// Attributes describing the event itself rather than the message.
const HOUSEKEEPING_KEYS: ReadonlySet<string> = new Set([
  "gen_ai.system",
  "gen_ai.provider.name",
  "event.name",
]);
// Where bridges put a log-event body when re-emitting it as a span event.
const BODY_KEYS = ["gen_ai.event.content", "event.body", "body"] as const;

export function inputMessageRole(eventName: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(INPUT_MESSAGE_EVENTS, eventName)
    ? INPUT_MESSAGE_EVENTS[eventName]
    : undefined;
}

/** The message body of a GenAI event, from a body attribute or its attributes. */
function eventBody(attrs: Attributes): Attributes {
  for (const key of BODY_KEYS) {
    const raw = readValue(attrs, key);
    if (raw === undefined || raw === null) continue;
    const body = parseMaybeJson(raw);
    return isRecord(body) ? { ...body } : { content: body };
  }
  const out: Attributes = {};
  for (const key in attrs) {
    if (HOUSEKEEPING_KEYS.has(key)) continue;
    const v = attrs[key];
    out[key] = key === "content" || key === "tool_calls" ? parseMaybeJson(v) : v;
  }
  return out;
}

export function inputMessageFromEvent(role: string, attrs: Attributes): Attributes {
  const body = eventBody(attrs);
  if (body.role === undefined) return { role, ...body };
  return body;
}

/** gen_ai.choice body `{ index, finish_reason, message }` → assistant message. */
export function outputMessageFromChoice(attrs: Attributes): Attributes {
  const body = eventBody(attrs);
  const message = isRecord(body.message) ? body.message : null;
  const out: Attributes = message ? { ...message } : body;
  if (message) {
    if (body.finish_reason !== undefined) out.finish_reason = body.finish_reason;
    if (body.index !== undefined) out.index = body.index;
  } else {
    delete out.message;
  }
  if (out.role === undefined) out.role = "assistant";
  return out;
}

/** Whole-prompt legacy events: the payload sits in gen_ai.prompt / gen_ai.completion. */
export function legacyContent(attrs: Attributes, key: string): AttributeValue | undefined {
  const v = readValue(attrs, key);
  return v === undefined || v === null ? undefined : parseMaybeJson(v);
}

/** "TypeError: boom" from exception.type / exception.message. */
export function exceptionMessage(attrs: Attributes): string | null {
  const type = readString(attrs, "exception.type");
  const message = readString(attrs, "exception.message");
  if (type !== undefined && message !== undefined) return `${type}: ${message}`;
  return message ?? type ?? null;
}
