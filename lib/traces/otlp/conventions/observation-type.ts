// Decides what kind of observation a span is. Precedence: explicit
// prism.observation.type, then GenAI semconv operation, then OpenInference
// span kind, then the Vercel AI SDK operation id, then older Traceloop keys,
// then "has a model → generation", else a plain span.

import { readString } from "../attributes";
import { OBSERVATION_TYPES, type Attributes, type ObservationType } from "../../types";
import { MODEL_KEYS, PRISM } from "./keys";

const VALID_TYPES: ReadonlySet<string> = new Set(OBSERVATION_TYPES);

const GEN_AI_OPERATION_TYPES: Readonly<Record<string, ObservationType>> = {
  chat: "generation",
  text_completion: "generation",
  generate_content: "generation",
  embeddings: "embedding",
  execute_tool: "tool",
  invoke_agent: "agent",
  create_agent: "agent",
  invoke_workflow: "span",
  retrieval: "retrieval",
};

const OPENINFERENCE_KIND_TYPES: Readonly<Record<string, ObservationType>> = {
  LLM: "generation",
  EMBEDDING: "embedding",
  TOOL: "tool",
  RETRIEVER: "retrieval",
  AGENT: "agent",
  CHAIN: "span",
  RERANKER: "span",
  GUARDRAIL: "span",
  EVALUATOR: "span",
  PROMPT: "span",
};

const TRACELOOP_KIND_TYPES: Readonly<Record<string, ObservationType>> = {
  agent: "agent",
  tool: "tool",
  workflow: "span",
  task: "span",
};

/**
 * The AI SDK operation id ("ai.generateText.doGenerate"), from
 * `ai.operationId` or the first word of `operation.name` ("<id> <functionId>").
 */
export function vercelOperationId(attrs: Attributes): string | undefined {
  const id = readString(attrs, "ai.operationId");
  if (id !== undefined) return id;
  const op = readString(attrs, "operation.name");
  if (op === undefined || !op.startsWith("ai.")) return undefined;
  const space = op.indexOf(" ");
  return space < 0 ? op : op.slice(0, space);
}

function vercelType(operationId: string): ObservationType {
  // Only the inner provider calls are generations; the outer ai.generateText
  // etc. wrap one or more of them and would double-count usage.
  if (operationId.endsWith(".doGenerate") || operationId.endsWith(".doStream")) return "generation";
  if (operationId.endsWith(".doEmbed")) return "embedding";
  if (operationId === "ai.toolCall") return "tool";
  return "span";
}

function lookup(table: Readonly<Record<string, ObservationType>>, key: string): ObservationType | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

export function inferObservationType(attrs: Attributes): ObservationType {
  const explicit = readString(attrs, PRISM.observationType);
  if (explicit !== undefined) {
    const lower = explicit.toLowerCase();
    if (VALID_TYPES.has(lower)) return lower as ObservationType;
  }

  const operation = readString(attrs, "gen_ai.operation.name");
  if (operation !== undefined) {
    const t = lookup(GEN_AI_OPERATION_TYPES, operation);
    if (t !== undefined) return t;
  }

  const kind = readString(attrs, "openinference.span.kind");
  if (kind !== undefined) {
    const t = lookup(OPENINFERENCE_KIND_TYPES, kind.toUpperCase());
    if (t !== undefined) return t;
  }

  const vercel = vercelOperationId(attrs);
  if (vercel !== undefined) return vercelType(vercel);

  const traceloopKind = readString(attrs, "traceloop.span.kind");
  if (traceloopKind !== undefined) {
    const t = lookup(TRACELOOP_KIND_TYPES, traceloopKind);
    if (t !== undefined) return t;
  }
  const requestType = readString(attrs, "llm.request.type");
  if (requestType === "chat" || requestType === "completion") return "generation";

  // Unknown operation but a model was called: treat it as a model call so it
  // is priced and shows up in model analytics. (ai.model.id is skipped: AI SDK
  // wrapper spans carry it and were classified above.)
  if (readString(attrs, "embedding.model_name") !== undefined) return "embedding";
  for (let i = 0; i < MODEL_KEYS.length; i++) {
    if (MODEL_KEYS[i] !== "ai.model.id" && readString(attrs, MODEL_KEYS[i]) !== undefined) {
      return "generation";
    }
  }
  return "span";
}
