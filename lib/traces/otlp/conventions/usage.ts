// Token usage, client-sent cost and provider naming across conventions.

import { firstNumber, firstString, readNumber } from "../attributes";
import type { Attributes, CostBreakdown, Usage } from "../../types";
import {
  AI_SDK_CACHE_READ_DETAIL,
  AI_SDK_CACHE_WRITE_DETAIL,
  AI_SDK_NO_CACHE_DETAIL,
  CACHE_READ_KEYS,
  CACHE_WRITE_KEYS,
  COST_INPUT_KEYS,
  COST_OUTPUT_KEYS,
  COST_TOTAL_KEYS,
  INPUT_TOKEN_KEYS,
  OPENINFERENCE_PROMPT_TOKENS,
  OUTPUT_TOKEN_KEYS,
  PROVIDER_KEYS,
  SEMCONV_CACHE_READ,
  SEMCONV_CACHE_WRITE,
  TOTAL_TOKEN_KEYS,
} from "./keys";

/**
 * Whether the input count is known to include cache tokens, judged by which
 * convention supplied the numbers. Undefined leaves it to the price's flag
 * (raw provider semantics, e.g. OpenLLMetry's underscore cache keys).
 */
function inputIncludesCache(attrs: Attributes, inputKey: string | undefined): boolean | undefined {
  // AI SDK v6 reports a cache-inclusive input plus an explicit breakdown.
  if (
    attrs[AI_SDK_NO_CACHE_DETAIL] !== undefined ||
    attrs[AI_SDK_CACHE_READ_DETAIL] !== undefined ||
    attrs[AI_SDK_CACHE_WRITE_DETAIL] !== undefined
  ) {
    return true;
  }
  // OpenInference instrumentations sum cached tokens into the prompt count.
  if (inputKey === OPENINFERENCE_PROMPT_TOKENS) return true;
  // GenAI semconv: input_tokens "SHOULD include all types of input tokens,
  // including cached tokens" — stated alongside the dotted cache attributes.
  if (
    inputKey === "gen_ai.usage.input_tokens" &&
    (attrs[SEMCONV_CACHE_READ] !== undefined || attrs[SEMCONV_CACHE_WRITE] !== undefined)
  ) {
    return true;
  }
  return undefined;
}

export function extractUsage(attrs: Attributes): Usage | null {
  let inputKey: string | undefined;
  let input: number | undefined;
  for (let i = 0; i < INPUT_TOKEN_KEYS.length; i++) {
    const v = readNumber(attrs, INPUT_TOKEN_KEYS[i]);
    if (v !== undefined) {
      input = v;
      inputKey = INPUT_TOKEN_KEYS[i];
      break;
    }
  }
  const output = firstNumber(attrs, OUTPUT_TOKEN_KEYS);
  const cacheRead = firstNumber(attrs, CACHE_READ_KEYS);
  const cacheWrite = firstNumber(attrs, CACHE_WRITE_KEYS);
  let total = firstNumber(attrs, TOTAL_TOKEN_KEYS);
  if (input === undefined && output === undefined && total === undefined) {
    if (cacheRead === undefined && cacheWrite === undefined) return null;
  }
  if (total === undefined && (input !== undefined || output !== undefined)) {
    total = (input ?? 0) + (output ?? 0);
  }
  const usage: Usage = {};
  if (input !== undefined) usage.input = input;
  if (output !== undefined) usage.output = output;
  if (total !== undefined) usage.total = total;
  if (cacheRead !== undefined) usage.cacheRead = cacheRead;
  if (cacheWrite !== undefined) usage.cacheWrite = cacheWrite;
  const includes = inputIncludesCache(attrs, inputKey);
  if (includes !== undefined && (cacheRead !== undefined || cacheWrite !== undefined)) {
    usage.inputIncludesCache = includes;
  }
  return usage;
}

/** Cost the client computed itself (prism.cost.*, OpenInference llm.cost.*). */
export function extractClientCost(attrs: Attributes): CostBreakdown | null {
  const input = firstNumber(attrs, COST_INPUT_KEYS);
  const output = firstNumber(attrs, COST_OUTPUT_KEYS);
  let total = firstNumber(attrs, COST_TOTAL_KEYS);
  if (total === undefined) {
    if (input === undefined && output === undefined) return null;
    total = (input ?? 0) + (output ?? 0);
  }
  const cost: CostBreakdown = { total };
  if (input !== undefined) cost.input = input;
  if (output !== undefined) cost.output = output;
  return cost;
}

// AI SDK provider ids carry the API flavour ("openai.chat", "anthropic.messages");
// price lists and dashboards want the vendor alone.
const AI_SDK_API_SUFFIXES: ReadonlySet<string> = new Set([
  "chat",
  "completion",
  "responses",
  "messages",
  "embedding",
  "textembedding",
  "image",
  "transcription",
  "speech",
  "generative-ai",
]);

export function normaliseProvider(raw: string): string {
  const lower = raw.toLowerCase();
  const dot = lower.lastIndexOf(".");
  if (dot > 0 && AI_SDK_API_SUFFIXES.has(lower.slice(dot + 1))) return lower.slice(0, dot);
  return lower;
}

export function extractProvider(attrs: Attributes): string | null {
  const raw = firstString(attrs, PROVIDER_KEYS);
  return raw === undefined ? null : normaliseProvider(raw);
}
