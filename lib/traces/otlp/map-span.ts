// One OTLP span → one Prism observation record.

import { firstString, firstValue, flattenAttributes, readString, setAttribute } from "./attributes";
import {
  CHOICE_EVENT,
  EXCEPTION_EVENT,
  LEGACY_COMPLETION_EVENT,
  LEGACY_PROMPT_EVENT,
  exceptionMessage,
  inputMessageFromEvent,
  inputMessageRole,
  legacyContent,
  outputMessageFromChoice,
} from "./conventions/events";
import { extractInput, extractOutput } from "./conventions/io";
import {
  CONVERSATION_ID_KEYS,
  ENVIRONMENT_KEYS,
  IO,
  MODEL_KEYS,
  PRISM,
  SESSION_ID_KEYS,
  TAG_KEYS,
  TOOL_NAME_KEYS,
  USER_ID_KEYS,
} from "./conventions/keys";
import { inferObservationType } from "./conventions/observation-type";
import { scanAttributes } from "./conventions/scan";
import { extractClientCost, extractProvider, extractUsage } from "./conventions/usage";
import { normaliseSpanId } from "./ids";
import type { OtlpSpan, OtlpStatus } from "./types";
import { parseMaybeJson } from "./payload";
import { nanosToDate } from "./time";
import { eventTimeProblem, MAX_COST_USD, MAX_TOKENS } from "@/lib/ingest/fields";
import {
  OBSERVATION_LEVELS,
  type AttributeValue,
  type Attributes,
  type ObservationEvent,
  type ObservationLevel,
  type ObservationRecord,
} from "../types";

/** What spans of one resource + scope share; built once per scopeSpans. */
export interface SpanOrigin {
  resourceAttributes: Attributes;
  /** { resource, scope } objects shared by reference across records. */
  sharedMetadata: Attributes;
  defaultEnvironment: string;
}

/** A record plus the trace-level hints the span carried. */
export interface MappedSpan {
  record: ObservationRecord;
  /** prism.trace.name, overriding the root span name. */
  traceName: string | null;
  release: string | null;
  version: string | null;
  /** prism.trace.metadata.* */
  traceMetadata: Attributes | null;
}

const VALID_LEVELS: ReadonlySet<string> = new Set(OBSERVATION_LEVELS);

function isErrorStatus(status: OtlpStatus | null | undefined): boolean {
  if (status == null) return false;
  const code = status.code;
  return code === 2 || code === "2" || code === "STATUS_CODE_ERROR" || code === "ERROR";
}

/** Tags may be an array, a JSON array string or a comma-separated string. */
export function parseTags(raw: AttributeValue | undefined): string[] {
  if (raw === undefined || raw === null) return [];
  const value = typeof raw === "string" ? parseMaybeJson(raw) : raw;
  const list: AttributeValue[] = Array.isArray(value)
    ? value
    : typeof value === "string"
      ? value.split(",")
      : [value];
  const out: string[] = [];
  for (const item of list) {
    if (item === null || typeof item === "object") continue;
    const tag = String(item).trim();
    if (tag.length > 0 && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** Span attributes first, then the resource's. */
function fromSpanOrResource(
  attrs: Attributes,
  origin: SpanOrigin,
  keys: readonly string[],
): string | null {
  return firstString(attrs, keys) ?? firstString(origin.resourceAttributes, keys) ?? null;
}

export function mapSpan(
  span: OtlpSpan,
  traceId: string,
  origin: SpanOrigin,
  fallbackTime: Date,
): MappedSpan | null {
  const id = normaliseSpanId(span.spanId);
  if (id === null) return null;
  const attrs = flattenAttributes(span.attributes);
  const scan = scanAttributes(attrs);
  const type = inferObservationType(attrs);

  // Events: GenAI message events feed input/output; the rest are kept.
  let hasException = false;
  let exceptionText: string | null = null;
  let eventInput: AttributeValue[] | null = null;
  let eventOutput: AttributeValue[] | null = null;
  const events: ObservationEvent[] = [];
  const rawEvents = span.events;
  if (rawEvents) {
    for (let i = 0; i < rawEvents.length; i++) {
      const ev = rawEvents[i];
      if (ev == null) continue;
      const name = typeof ev.name === "string" ? ev.name : "";
      const evAttrs = flattenAttributes(ev.attributes);
      const role = inputMessageRole(name);
      if (role !== undefined) {
        (eventInput ??= []).push(inputMessageFromEvent(role, evAttrs));
        continue;
      }
      if (name === CHOICE_EVENT) {
        (eventOutput ??= []).push(outputMessageFromChoice(evAttrs));
        continue;
      }
      if (name === LEGACY_PROMPT_EVENT || name === LEGACY_COMPLETION_EVENT) {
        const isPrompt = name === LEGACY_PROMPT_EVENT;
        const content = legacyContent(evAttrs, isPrompt ? IO.genAiPrompt : IO.genAiCompletion);
        if (content !== undefined) {
          const target = isPrompt ? (eventInput ??= []) : (eventOutput ??= []);
          if (Array.isArray(content)) for (const message of content) target.push(message);
          else target.push(content);
          continue;
        }
      }
      if (name === EXCEPTION_EVENT) {
        hasException = true;
        exceptionText ??= exceptionMessage(evAttrs);
      }
      events.push({ name, time: nanosToDate(ev.timeUnixNano) ?? fallbackTime, attributes: evAttrs });
    }
  }

  let level: ObservationLevel = "DEFAULT";
  const explicitLevel = readString(attrs, PRISM.level)?.toUpperCase();
  if (explicitLevel !== undefined && VALID_LEVELS.has(explicitLevel)) {
    level = explicitLevel as ObservationLevel;
  } else if (isErrorStatus(span.status) || hasException) {
    level = "ERROR";
  }
  const statusText = span.status?.message;
  const statusMessage = typeof statusText === "string" && statusText.length > 0 ? statusText : exceptionText;

  const spanName = typeof span.name === "string" && span.name.length > 0 ? span.name : "(unnamed)";
  let name = spanName;
  if (type === "tool") {
    // Tool spans are named after the tool ("get_weather"), not "ai.toolCall".
    const toolName = firstString(attrs, TOOL_NAME_KEYS);
    if (toolName !== undefined && toolName !== spanName) {
      name = toolName;
      setAttribute(scan.metadata, "otel.span.name", spanName);
    }
  }

  const metadata = scan.metadata;
  if (scan.userMetadata !== null) {
    for (const k in scan.userMetadata) setAttribute(metadata, k, scan.userMetadata[k]);
  }
  for (const k in origin.sharedMetadata) metadata[k] = origin.sharedMetadata[k];

  const clientCost = extractClientCost(attrs);
  const sources = { ...scan, attrs, eventInput, eventOutput };

  const record: ObservationRecord = {
    id,
    traceId,
    parentObservationId: normaliseSpanId(span.parentSpanId),
    type,
    name,
    startTime: nanosToDate(span.startTimeUnixNano) ?? fallbackTime,
    endTime: nanosToDate(span.endTimeUnixNano),
    level,
    statusMessage,
    model: firstString(attrs, MODEL_KEYS) ?? null,
    provider: extractProvider(attrs),
    modelParameters: scan.modelParameters,
    usage: extractUsage(attrs),
    cost: clientCost,
    costSource: clientCost === null ? null : "client",
    priceId: null,
    input: extractInput(sources),
    output: extractOutput(sources),
    metadata,
    events,
    environment: fromSpanOrResource(attrs, origin, ENVIRONMENT_KEYS) ?? origin.defaultEnvironment,
    sessionId: fromSpanOrResource(attrs, origin, SESSION_ID_KEYS),
    userId: fromSpanOrResource(attrs, origin, USER_ID_KEYS),
    conversationId: firstString(attrs, CONVERSATION_ID_KEYS) ?? null,
    tags: parseTags(firstValue(attrs, TAG_KEYS) ?? firstValue(origin.resourceAttributes, TAG_KEYS)),
  };
  // A span PostgreSQL cannot hold, or that ends before it starts, is rejected like one without ids.
  // A receivedAt in the past (replays, tests) must not refuse spans that are recent by the server's clock.
  const now = Math.max(Date.now(), fallbackTime.getTime());
  if (eventTimeProblem(record.startTime.getTime(), now) !== null) return null;
  if (record.endTime && (eventTimeProblem(record.endTime.getTime(), now) !== null || record.endTime < record.startTime)) return null;
  // Out-of-bounds token counts or client costs are dropped (the price list computes the cost instead).
  if (record.usage && !Object.values(record.usage).every((n) => typeof n !== "number" || (Number.isInteger(n) && n >= 0 && n <= MAX_TOKENS))) record.usage = null;
  if (record.cost && !Object.values(record.cost).every((n) => Number.isFinite(n) && n >= 0 && n <= MAX_COST_USD)) {
    record.cost = null;
    record.costSource = null;
  }
  return {
    record,
    traceName: readString(attrs, PRISM.traceName) ?? null,
    release: readString(attrs, PRISM.release) ?? null,
    version: readString(attrs, PRISM.version) ?? null,
    traceMetadata: scan.traceMetadata,
  };
}
