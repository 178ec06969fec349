// Attribute names of the conventions Prism understands, as precedence lists
// (first found wins). Order within every list is: Prism's own prism.* keys,
// then OpenTelemetry GenAI semconv, then OpenInference, then the Vercel AI
// SDK, then generic OTel keys. Keys listed here are "consumed": they map to a
// record field and are not repeated in metadata. Everything else is kept.

export const PRISM = {
  observationType: "prism.observation.type",
  traceName: "prism.trace.name",
  userId: "prism.user.id",
  sessionId: "prism.session.id",
  tags: "prism.tags",
  costTotal: "prism.cost.total",
  costInput: "prism.cost.input",
  costOutput: "prism.cost.output",
  level: "prism.level",
  environment: "prism.environment",
  release: "prism.release",
  version: "prism.version",
} as const;

export const MODEL_KEYS = [
  "gen_ai.response.model",
  "gen_ai.request.model",
  "llm.model_name",
  "embedding.model_name",
  "ai.response.model",
  "ai.model.id",
] as const;

export const PROVIDER_KEYS = [
  "gen_ai.provider.name",
  "gen_ai.system",
  "llm.provider",
  "llm.system",
  "ai.model.provider",
] as const;

export const INPUT_TOKEN_KEYS = [
  "gen_ai.usage.input_tokens",
  "gen_ai.usage.prompt_tokens",
  "llm.token_count.prompt",
  "ai.usage.inputTokens",
  "ai.usage.promptTokens",
  "ai.usage.tokens", // ai.embed / ai.embedMany
] as const;

export const OUTPUT_TOKEN_KEYS = [
  "gen_ai.usage.output_tokens",
  "gen_ai.usage.completion_tokens",
  "llm.token_count.completion",
  "ai.usage.outputTokens",
  "ai.usage.completionTokens",
] as const;

export const TOTAL_TOKEN_KEYS = [
  "gen_ai.usage.total_tokens",
  "llm.usage.total_tokens",
  "llm.token_count.total",
  "ai.usage.totalTokens",
] as const;

// Dotted names are semconv (≥1.37): its spec says input_tokens includes them.
export const SEMCONV_CACHE_READ = "gen_ai.usage.cache_read.input_tokens";
export const SEMCONV_CACHE_WRITE = "gen_ai.usage.cache_creation.input_tokens";
export const OPENINFERENCE_PROMPT_TOKENS = "llm.token_count.prompt";
export const AI_SDK_CACHE_READ_DETAIL = "ai.usage.inputTokenDetails.cacheReadTokens";
export const AI_SDK_CACHE_WRITE_DETAIL = "ai.usage.inputTokenDetails.cacheWriteTokens";
export const AI_SDK_NO_CACHE_DETAIL = "ai.usage.inputTokenDetails.noCacheTokens";

export const CACHE_READ_KEYS = [
  SEMCONV_CACHE_READ,
  "gen_ai.usage.cache_read_input_tokens",
  "llm.token_count.prompt_details.cache_read",
  AI_SDK_CACHE_READ_DETAIL,
  "ai.usage.cachedInputTokens",
] as const;

export const CACHE_WRITE_KEYS = [
  SEMCONV_CACHE_WRITE,
  "gen_ai.usage.cache_creation_input_tokens",
  "llm.token_count.prompt_details.cache_write",
  AI_SDK_CACHE_WRITE_DETAIL,
] as const;

export const COST_TOTAL_KEYS = [PRISM.costTotal, "llm.cost.total", "gen_ai.usage.cost"] as const;
export const COST_INPUT_KEYS = [PRISM.costInput, "llm.cost.prompt"] as const;
export const COST_OUTPUT_KEYS = [PRISM.costOutput, "llm.cost.completion"] as const;

export const USER_ID_KEYS = [PRISM.userId, "user.id", "enduser.id", "ai.telemetry.metadata.userId"] as const;
export const SESSION_ID_KEYS = [PRISM.sessionId, "session.id", "ai.telemetry.metadata.sessionId"] as const;
export const CONVERSATION_ID_KEYS = ["gen_ai.conversation.id"] as const;
export const ENVIRONMENT_KEYS = [
  PRISM.environment,
  "deployment.environment.name",
  "deployment.environment",
] as const;
export const TAG_KEYS = [PRISM.tags, "tag.tags", "ai.telemetry.metadata.tags"] as const;
export const TOOL_NAME_KEYS = ["gen_ai.tool.name", "tool.name", "ai.toolCall.name"] as const;

export const SERVICE_NAME = "service.name";
export const SERVICE_VERSION = "service.version";

/** Payload-carrying attributes, consumed by the input/output extraction. */
export const IO = {
  genAiInputMessages: "gen_ai.input.messages",
  genAiOutputMessages: "gen_ai.output.messages",
  genAiSystemInstructions: "gen_ai.system_instructions",
  genAiPrompt: "gen_ai.prompt",
  genAiCompletion: "gen_ai.completion",
  genAiToolArguments: "gen_ai.tool.call.arguments",
  genAiToolResult: "gen_ai.tool.call.result",
  genAiRetrievalQuery: "gen_ai.retrieval.query.text",
  genAiRetrievalDocuments: "gen_ai.retrieval.documents",
  inputValue: "input.value",
  inputMimeType: "input.mime_type",
  outputValue: "output.value",
  outputMimeType: "output.mime_type",
  oiInvocationParameters: "llm.invocation_parameters",
  oiMetadata: "metadata",
  aiPrompt: "ai.prompt",
  aiPromptMessages: "ai.prompt.messages",
  aiResponseText: "ai.response.text",
  aiResponseToolCalls: "ai.response.toolCalls",
  aiResponseObject: "ai.response.object",
  aiToolCallArgs: "ai.toolCall.args",
  aiToolCallResult: "ai.toolCall.result",
  aiToolCallInput: "ai.toolCall.input",
  aiToolCallOutput: "ai.toolCall.output",
  aiValue: "ai.value",
  aiValues: "ai.values",
  // Embedding vectors: useless for analytics and huge, so consumed and dropped.
  aiEmbedding: "ai.embedding",
  aiEmbeddings: "ai.embeddings",
} as const;

/** Prefixes routed by the attribute scan instead of landing in metadata. */
export const PREFIX = {
  genAiRequest: "gen_ai.request.",
  genAiPrompt: "gen_ai.prompt.",
  genAiCompletion: "gen_ai.completion.",
  oiInputMessages: "llm.input_messages.",
  oiOutputMessages: "llm.output_messages.",
  oiDocuments: "retrieval.documents.",
  oiEmbeddings: "embedding.embeddings.",
  aiSettings: "ai.settings.",
  aiTelemetryMetadata: "ai.telemetry.metadata.",
  prismMetadata: "prism.metadata.",
  prismTraceMetadata: "prism.trace.metadata.",
} as const;

export const CONSUMED_KEYS: ReadonlySet<string> = new Set<string>([
  ...Object.values(PRISM),
  ...MODEL_KEYS,
  ...PROVIDER_KEYS,
  ...INPUT_TOKEN_KEYS,
  ...OUTPUT_TOKEN_KEYS,
  ...TOTAL_TOKEN_KEYS,
  ...CACHE_READ_KEYS,
  ...CACHE_WRITE_KEYS,
  AI_SDK_NO_CACHE_DETAIL,
  ...COST_TOTAL_KEYS,
  ...COST_INPUT_KEYS,
  ...COST_OUTPUT_KEYS,
  ...USER_ID_KEYS,
  ...SESSION_ID_KEYS,
  ...CONVERSATION_ID_KEYS,
  ...ENVIRONMENT_KEYS,
  ...TAG_KEYS,
  ...TOOL_NAME_KEYS,
  ...Object.values(IO),
]);
