// Provider-neutral text generation. Insight prompts receive aggregated numbers only.

export type ModelTier = "cheap" | "quality";

export interface GenerateRequest {
  /** Versioned prompt, e.g. { name: "spectrum-weekly", version: "v1" }. */
  prompt: { name: string; version: string; text: string };
  /** The values substituted into the prompt (aggregated numbers and labels only). */
  variables: Record<string, string | number>;
  tier: ModelTier;
  /** 0 on the first try; a retry after a rejected text asks for a different wording. */
  variant: number;
  /** Why the previous text was rejected, for providers that can use it. */
  feedback?: string[];
}

export interface GenerateResult {
  text: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
}

export interface LlmProvider {
  readonly id: string;
  /** True for a local, deterministic generator (no network, no tokens, no cost): its calls are not traced. */
  readonly deterministic?: boolean;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}
