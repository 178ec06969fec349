// One pass over a span's attributes that routes every key exactly once:
// consumed keys are skipped (read later by direct lookup), prefixed families
// (indexed messages, request settings, user metadata) are grouped, and all
// remaining unknown keys are kept as metadata.

import { readValue, setAttribute } from "../attributes";
import { IndexedGroup, isRecord, parseMaybeJson } from "../payload";
import type { AttributeValue, Attributes } from "../../types";
import { CONSUMED_KEYS, IO, PREFIX } from "./keys";

export interface AttributeScan {
  /** Unknown attributes, kept verbatim. */
  metadata: Attributes;
  modelParameters: Attributes | null;
  /** User-supplied metadata (prism.metadata.*, ai.telemetry.metadata.*, OpenInference `metadata`). */
  userMetadata: Attributes | null;
  traceMetadata: Attributes | null;
  genAiPrompts: IndexedGroup | null;
  genAiCompletions: IndexedGroup | null;
  oiInputMessages: IndexedGroup | null;
  oiOutputMessages: IndexedGroup | null;
  oiDocuments: IndexedGroup | null;
  oiEmbeddingTexts: IndexedGroup | null;
}

const EMBEDDING_TEXT_SUFFIX = ".embedding.text";

function put(target: Attributes | null, key: string, value: AttributeValue): Attributes {
  const out = target ?? {};
  setAttribute(out, key, value);
  return out;
}

export function scanAttributes(attrs: Attributes): AttributeScan {
  const scan: AttributeScan = {
    metadata: {},
    modelParameters: null,
    userMetadata: null,
    traceMetadata: null,
    genAiPrompts: null,
    genAiCompletions: null,
    oiInputMessages: null,
    oiOutputMessages: null,
    oiDocuments: null,
    oiEmbeddingTexts: null,
  };

  for (const key in attrs) {
    if (CONSUMED_KEYS.has(key)) continue;
    const value = attrs[key];
    let routed = false;
    // Switch on the first character so most unknown keys cost one comparison.
    switch (key.charCodeAt(0)) {
      case 103: // g
        if (key.startsWith(PREFIX.genAiRequest)) {
          scan.modelParameters = put(scan.modelParameters, key.slice(PREFIX.genAiRequest.length), value);
          routed = true;
        } else if (key.startsWith(PREFIX.genAiPrompt)) {
          // Only `gen_ai.prompt.<N>.*` is routed; e.g. gen_ai.prompt.name stays metadata.
          scan.genAiPrompts ??= new IndexedGroup();
          routed = scan.genAiPrompts.add(key, PREFIX.genAiPrompt.length, value);
        } else if (key.startsWith(PREFIX.genAiCompletion)) {
          scan.genAiCompletions ??= new IndexedGroup();
          routed = scan.genAiCompletions.add(key, PREFIX.genAiCompletion.length, value);
        }
        break;
      case 108: // l
        if (key.startsWith(PREFIX.oiInputMessages)) {
          scan.oiInputMessages ??= new IndexedGroup();
          routed = scan.oiInputMessages.add(key, PREFIX.oiInputMessages.length, value);
        } else if (key.startsWith(PREFIX.oiOutputMessages)) {
          scan.oiOutputMessages ??= new IndexedGroup();
          routed = scan.oiOutputMessages.add(key, PREFIX.oiOutputMessages.length, value);
        }
        break;
      case 114: // r
        if (key.startsWith(PREFIX.oiDocuments)) {
          scan.oiDocuments ??= new IndexedGroup();
          routed = scan.oiDocuments.add(key, PREFIX.oiDocuments.length, value);
        }
        break;
      case 101: // e
        if (key.startsWith(PREFIX.oiEmbeddings)) {
          // Keep the embedded texts; vectors are dropped on purpose (size).
          if (key.endsWith(EMBEDDING_TEXT_SUFFIX)) {
            scan.oiEmbeddingTexts ??= new IndexedGroup();
            scan.oiEmbeddingTexts.add(key, PREFIX.oiEmbeddings.length, value);
          }
          routed = true;
        }
        break;
      case 97: // a
        if (key.startsWith(PREFIX.aiSettings)) {
          scan.modelParameters = put(scan.modelParameters, key.slice(PREFIX.aiSettings.length), value);
          routed = true;
        } else if (key.startsWith(PREFIX.aiTelemetryMetadata)) {
          scan.userMetadata = put(scan.userMetadata, key.slice(PREFIX.aiTelemetryMetadata.length), value);
          routed = true;
        }
        break;
      case 112: // p
        if (key.startsWith(PREFIX.prismMetadata)) {
          scan.userMetadata = put(scan.userMetadata, key.slice(PREFIX.prismMetadata.length), value);
          routed = true;
        } else if (key.startsWith(PREFIX.prismTraceMetadata)) {
          scan.traceMetadata = put(scan.traceMetadata, key.slice(PREFIX.prismTraceMetadata.length), value);
          routed = true;
        }
        break;
    }
    if (!routed) setAttribute(scan.metadata, key, value);
  }

  mergeInvocationParameters(scan, attrs);
  mergeOpenInferenceMetadata(scan, attrs);
  return scan;
}

/** llm.invocation_parameters (JSON): fills settings gen_ai.request.* did not set. */
function mergeInvocationParameters(scan: AttributeScan, attrs: Attributes): void {
  const raw = readValue(attrs, IO.oiInvocationParameters);
  if (raw === undefined || raw === null) return;
  const params = parseMaybeJson(raw);
  if (!isRecord(params)) {
    setAttribute(scan.metadata, IO.oiInvocationParameters, raw);
    return;
  }
  const target = scan.modelParameters ?? {};
  for (const k in params) if (target[k] === undefined) setAttribute(target, k, params[k]);
  scan.modelParameters = target;
}

/** OpenInference `metadata` (JSON object) has the lowest precedence of user metadata. */
function mergeOpenInferenceMetadata(scan: AttributeScan, attrs: Attributes): void {
  const raw = readValue(attrs, IO.oiMetadata);
  if (raw === undefined || raw === null) return;
  const meta = parseMaybeJson(raw);
  if (!isRecord(meta)) {
    setAttribute(scan.metadata, IO.oiMetadata, raw);
    return;
  }
  const target = scan.userMetadata ?? {};
  for (const k in meta) if (target[k] === undefined) setAttribute(target, k, meta[k]);
  scan.userMetadata = target;
}
