// Helpers that turn attribute values into the input/output payloads Prism
// shows: JSON strings become JSON, and flattened indexed attributes such as
// `llm.input_messages.0.message.role` become arrays of nested objects.

import { setAttribute } from "./attributes";
import type { AttributeValue, Attributes } from "../types";

/**
 * Parses a string that looks like JSON (object, array or quoted string);
 * anything else, including invalid JSON, is returned unchanged.
 */
export function parseMaybeJson(value: AttributeValue): AttributeValue {
  if (typeof value !== "string") return value;
  let i = 0;
  while (i < value.length && value.charCodeAt(i) <= 32) i++;
  const c = value.charCodeAt(i);
  if (c !== 123 /* { */ && c !== 91 /* [ */ && c !== 34 /* " */) return value;
  try {
    return JSON.parse(value) as AttributeValue;
  } catch {
    return value;
  }
}

export function isRecord(value: unknown): value is Attributes {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIndexSegment(segment: string): boolean {
  if (segment.length === 0 || segment.length > 6) return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Sets `a.b.0.c` style paths, creating arrays for numeric segments. */
export function setPath(root: Attributes, path: string, value: AttributeValue): void {
  const segments = path.split(".");
  let node: Attributes | AttributeValue[] = root;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s];
    const last = s === segments.length - 1;
    if (Array.isArray(node)) {
      if (!isIndexSegment(segment)) return; // shape conflict: keep first writer
      const idx = Number(segment);
      if (last) {
        node[idx] = value;
        return;
      }
      let next: AttributeValue | undefined = node[idx];
      if (next == null || typeof next !== "object") {
        next = isIndexSegment(segments[s + 1]) ? [] : {};
        node[idx] = next;
      }
      node = next;
    } else {
      if (last) {
        setAttribute(node, segment, value);
        return;
      }
      let next: AttributeValue | undefined = node[segment];
      if (next == null || typeof next !== "object") {
        next = isIndexSegment(segments[s + 1]) ? [] : {};
        setAttribute(node, segment, next);
      }
      node = next;
    }
  }
}

/**
 * Collects attributes shaped `<prefix><N>.<rest>` into items ordered by N.
 * Called from the single metadata scan, so each key is looked at once.
 */
export class IndexedGroup {
  private items: Attributes[] = [];

  /** Returns false when the key is not `<N>.<rest>` after the prefix. */
  add(key: string, prefixLength: number, value: AttributeValue): boolean {
    const dot = key.indexOf(".", prefixLength);
    if (dot < 0) return false;
    const indexText = key.slice(prefixLength, dot);
    if (!isIndexSegment(indexText)) return false;
    const index = Number(indexText);
    let item = this.items[index];
    if (item === undefined) {
      item = {};
      this.items[index] = item;
    }
    setPath(item, key.slice(dot + 1), value);
    return true;
  }

  /** Items in index order, holes removed. */
  list(): Attributes[] {
    const out: Attributes[] = [];
    for (let i = 0; i < this.items.length; i++) if (this.items[i] !== undefined) out.push(this.items[i]);
    return out;
  }
}

function compact(values: AttributeValue[]): AttributeValue[] {
  const out: AttributeValue[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] !== undefined) out.push(values[i]);
  return out;
}

/** Replaces `[{ wrapper: X }]` with `[X]`, OpenInference's nesting style. */
function unwrapList(value: AttributeValue | undefined, wrapper: string): AttributeValue | undefined {
  if (!Array.isArray(value)) return value;
  const list = compact(value);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (isRecord(item) && isRecord(item[wrapper])) list[i] = item[wrapper];
  }
  return list;
}

/**
 * OpenInference message `{ message: { role, content, contents, tool_calls } }`
 * → `{ role, content, contents, tool_calls }` with inner wrappers removed and
 * tool call arguments parsed.
 */
export function openInferenceMessage(item: Attributes): Attributes {
  const message = isRecord(item.message) ? item.message : item;
  const out: Attributes = { ...message };
  if (message.contents !== undefined) {
    const contents = unwrapList(message.contents, "message_content");
    if (contents !== undefined) out.contents = contents;
  }
  if (message.tool_calls !== undefined) {
    const calls = unwrapList(message.tool_calls, "tool_call");
    if (Array.isArray(calls)) {
      for (const call of calls) {
        if (isRecord(call) && isRecord(call.function) && call.function.arguments !== undefined) {
          call.function.arguments = parseMaybeJson(call.function.arguments);
        }
      }
      out.tool_calls = calls;
    }
  }
  return out;
}

/** `{ document: { id, content, score, metadata } }` → the document itself. */
export function openInferenceDocument(item: Attributes): Attributes {
  const doc = isRecord(item.document) ? { ...item.document } : { ...item };
  if (typeof doc.metadata === "string") doc.metadata = parseMaybeJson(doc.metadata);
  return doc;
}

/**
 * Legacy `gen_ai.prompt.N.*` items: content that is itself JSON (Anthropic
 * content blocks, tool call lists) is parsed so the UI can render it.
 */
export function indexedGenAiMessage(item: Attributes): Attributes {
  if (typeof item.content === "string") item.content = parseMaybeJson(item.content);
  return item;
}
